package io.taskforge.gpuworker.report;

import io.grpc.Context;
import io.taskforge.activities.breaker.BreakerSnapshot;
import io.taskforge.activities.breaker.CircuitBreakers;
import io.taskforge.gpuworker.GpuWorkerSettings;
import io.taskforge.gpuworker.discovery.GpuDevice;
import io.taskforge.gpuworker.discovery.GpuInventory;
import io.taskforge.gpuworker.slot.SlotAllocator;
import io.taskforge.gpuworker.task.GpuTaskHandler;
import io.taskforge.gpuworker.task.WorkerStats;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.worker.GpuState;
import io.taskforge.workflows.worker.WorkerRegistryWorkflow;
import io.taskforge.workflows.worker.WorkerReport;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reports this worker's state to the worker registry every few seconds, with signal-with-start so
 * the first worker to report creates the registry. A worker that stops says so in a last report;
 * one that dies simply stops reporting, and the registry marks it unhealthy.
 *
 * <p>Every report has a deadline: with the server down, the SDK would retry one signal for a
 * minute, which held a stopping worker past its grace period. So stopping takes at most {@link
 * #SEND_DEADLINE} (a report in flight) and {@link #LAST_SEND_DEADLINE} (the last report).
 */
public final class RegistryReporter implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(RegistryReporter.class);

  /** How long one periodic report may take, the SDK's retries included. */
  static final Duration SEND_DEADLINE = Duration.ofSeconds(5);

  /** How long the last report, sent while stopping, may take. */
  static final Duration LAST_SEND_DEADLINE = Duration.ofSeconds(3);

  private final WorkflowClient client;
  private final GpuWorkerSettings settings;
  private final GpuInventory inventory;
  private final SlotAllocator slots;
  private final WorkerStats stats;
  private final Collection<GpuTaskHandler> handlers;
  private final CircuitBreakers breakers;
  private final Instant startedAt = Instant.now();
  private final String host = hostName();
  private ScheduledExecutorService schedule;
  // Cancels a report's gRPC context at its deadline (the retrier also stops there).
  private ScheduledExecutorService deadlines;
  private volatile boolean running;
  private volatile boolean lastReportFailed;
  private volatile List<GpuState> lastGpus = List.of();

  public RegistryReporter(
      WorkflowClient client,
      GpuWorkerSettings settings,
      GpuInventory inventory,
      SlotAllocator slots,
      WorkerStats stats,
      Collection<GpuTaskHandler> handlers,
      CircuitBreakers breakers) {
    this.client = client;
    this.settings = settings;
    this.inventory = inventory;
    this.slots = slots;
    this.stats = stats;
    this.handlers = List.copyOf(handlers);
    this.breakers = breakers;
  }

  @Override
  public void start() {
    deadlines =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("registry-report-deadline").daemon().factory());
    schedule =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("registry-reporter").daemon().factory());
    long period = settings.reportInterval().toMillis();
    schedule.scheduleWithFixedDelay(
        () -> send(false, SEND_DEADLINE), 0, period, TimeUnit.MILLISECONDS);
    running = true;
  }

  @Override
  public void stop() {
    schedule.shutdownNow();
    try {
      schedule.awaitTermination(SEND_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    send(true, LAST_SEND_DEADLINE);
    deadlines.shutdownNow();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** One report, given up (and logged) once {@code deadline} has passed. */
  void send(boolean stopping, Duration deadline) {
    try (Context.CancellableContext context =
        Context.current()
            .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS, deadlines)) {
      context.run(() -> signal(stopping));
      if (lastReportFailed) {
        log.info("reporting to the worker registry again");
      }
      lastReportFailed = false;
    } catch (RuntimeException e) {
      if (!lastReportFailed || stopping) {
        log.warn("could not report to the worker registry: {}", e.toString());
      }
      lastReportFailed = true;
    }
  }

  private void signal(boolean stopping) {
    WorkerReport report = report(stopping);
    WorkflowStub registry =
        client.newUntypedWorkflowStub(
            "WorkerRegistryWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkerRegistryWorkflow.ID)
                .setTaskQueue(TaskQueues.DEFAULT)
                .build());
    registry.signalWithStart(
        WorkerRegistryWorkflow.REPORT_SIGNAL,
        new Object[] {report},
        new Object[] {WorkerRegistryWorkflow.RegistryInput.empty()});
  }

  public WorkerReport report(boolean stopping) {
    Map<Integer, Integer> busy = slots.busyByDevice();
    List<GpuState> gpus =
        inventory.measure().stream()
            .map(
                (GpuDevice d) ->
                    new GpuState(
                        d.index(),
                        d.name(),
                        d.memoryTotalMib(),
                        d.memoryUsedMib(),
                        d.utilizationPercent(),
                        inventory.slotsPerDevice(),
                        busy.getOrDefault(d.index(), 0)))
            .toList();
    lastGpus = gpus;
    Set<String> loaded = new LinkedHashSet<>();
    handlers.forEach(handler -> loaded.addAll(handler.runner().loadedModels()));
    Instant now = Instant.now();
    return new WorkerReport(
        settings.workerId(),
        host,
        settings.ownQueue(),
        settings.sharedQueue(),
        inventory.mode(),
        gpus,
        slots.capacity(),
        slots.busy(),
        stats.running(),
        stats.completed(),
        stats.failed(),
        stats.warmModels(now, loaded),
        handlers.stream().map(h -> h.definition().name()).sorted().toList(),
        startedAt,
        now,
        settings.unhealthyAfter(),
        stopping,
        // The API shows a gpu-worker's breakers from its reports: they live in this process.
        breakers.snapshot().stream().map(BreakerSnapshot::toState).toList(),
        // A gpu-worker announces no types: the app knows them from its own code.
        List.of());
  }

  /** The GPUs as the last report measured them (none before the first, or in CPU mode). */
  public List<GpuState> lastGpus() {
    return lastGpus;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }
}

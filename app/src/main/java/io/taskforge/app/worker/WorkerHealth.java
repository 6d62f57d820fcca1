package io.taskforge.app.worker;

import io.grpc.StatusRuntimeException;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.worker.WorkerEntry;
import io.temporal.api.enums.v1.TaskQueueType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/v1/workers/health}: asks Temporal about each part at once, each within the health
 * deadline ({@code taskforge.api.health-timeout}), and says which part is down: Temporal itself,
 * the CPU worker (no poller on its queue: workflows and CPU tasks stand still, and the worker
 * registry, a workflow, cannot be queried), the shared GPU queue, or the gpu-workers. A part that
 * does not answer in time is reported as such; the answer never waits longer.
 */
@Component
public class WorkerHealth {
  private final TemporalApiClient temporal;
  private final TaskQueueInspector queues;
  private final String cpuQueue;
  private final Duration deadline;

  public WorkerHealth(
      TemporalApiClient temporal,
      TaskQueueInspector queues,
      WorkerSettings workerSettings,
      ApiSettings apiSettings) {
    this.temporal = temporal;
    this.queues = queues;
    this.cpuQueue = workerSettings.taskQueue();
    this.deadline = apiSettings.healthTimeout();
  }

  /** What one check found: a value, or why there is none. */
  record Outcome<T>(T value, String problem, boolean unreachable) {
    boolean ok() {
      return problem == null;
    }
  }

  public Mono<WorkerHealthView> check() {
    Mono<Outcome<QueueView>> cpu =
        ask(() -> queues.describe(cpuQueue, "cpu", TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW));
    Mono<Outcome<QueueView>> gpu = ask(() -> queues.describe(TaskQueues.GPU, "shared"));
    Mono<Outcome<Registry>> registry = ask(this::registry);
    return Mono.zip(cpu, gpu, registry).map(all -> view(all.getT1(), all.getT2(), all.getT3()));
  }

  /** The gpu-workers' reports (a query of the registry workflow) and their own queues. */
  private record Registry(List<WorkerEntry> workers, List<QueueView> queues, List<String> notes) {}

  private Registry registry() {
    List<String> notes = new ArrayList<>();
    List<WorkerEntry> workers = WorkerRegistryReader.workers(temporal, notes);
    List<QueueView> own = new ArrayList<>();
    for (WorkerEntry worker : workers) {
      own.add(queues.describe(worker.report().queue(), "worker"));
    }
    return new Registry(workers, own, notes);
  }

  private <T> Mono<Outcome<T>> ask(Callable<T> call) {
    return Mono.fromCallable(call)
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(deadline)
        .map(value -> new Outcome<T>(value, null, false))
        .onErrorResume(e -> Mono.just(failed(e)));
  }

  private <T> Outcome<T> failed(Throwable e) {
    if (e instanceof TimeoutException) {
      return new Outcome<>(null, "did not answer within " + seconds(deadline), false);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return switch (grpc.getStatus().getCode()) {
          case UNAVAILABLE -> new Outcome<>(null, "Temporal is not reachable", true);
          case DEADLINE_EXCEEDED -> new Outcome<>(null, "Temporal did not answer in time", true);
          default -> new Outcome<>(null, "Temporal answered " + grpc.getStatus().getCode(), false);
        };
      }
    }
    return new Outcome<>(null, "failed (" + e.getClass().getSimpleName() + ")", false);
  }

  private WorkerHealthView view(
      Outcome<QueueView> cpu, Outcome<QueueView> gpu, Outcome<Registry> registry) {
    Instant now = Instant.now();
    List<WorkerHealthView.Part> parts = new ArrayList<>();

    boolean temporalUp = cpu.ok() || gpu.ok() || registry.ok();
    boolean temporalDown = !temporalUp && (cpu.unreachable() || gpu.unreachable());
    parts.add(
        new WorkerHealthView.Part(
            "temporal",
            temporalUp ? "UP" : temporalDown ? "DOWN" : "UNKNOWN",
            temporalUp ? "answers" : firstProblem(cpu, gpu, registry)));

    parts.add(queuePart("cpu-worker", cpuQueue, cpu, "workflows and CPU task types"));
    parts.add(queuePart("gpu-queue", TaskQueues.GPU, gpu, "GPU task types"));

    List<String> notes = new ArrayList<>();
    List<QueueView> queueViews = new ArrayList<>();
    if (gpu.ok()) {
      queueViews.add(gpu.value());
    }
    List<WorkerEntry> workers = List.of();
    if (registry.ok()) {
      workers = registry.value().workers();
      queueViews.addAll(registry.value().queues());
      notes.addAll(registry.value().notes());
      parts.add(
          new WorkerHealthView.Part("worker-registry", "UP", workers.size() + " gpu-workers"));
    } else {
      String why =
          cpu.ok() && cpu.value().pollers().isEmpty()
              ? registry.problem()
                  + ": it is a workflow, and no CPU worker polls "
                  + cpuQueue
                  + " to answer its query"
              : registry.problem();
      parts.add(new WorkerHealthView.Part("worker-registry", "UNKNOWN", why));
      notes.add("the gpu-workers' reports could not be read: " + why);
    }
    if (queues.statsUnsupported()) {
      notes.add(TaskQueueInspector.NO_BACKLOG_NOTE);
    }
    WorkerHealthView workersOnly =
        WorkerController.health(new WorkerOverview.Snapshot(now, workers, queueViews, notes));
    String status = status(temporalUp, parts, workersOnly.status());
    return new WorkerHealthView(
        status, now, workersOnly.workers(), queueViews, notes, List.copyOf(parts));
  }

  /** DOWN without Temporal; else the gpu-workers' status, made DEGRADED by any part not UP. */
  private static String status(
      boolean temporalUp, List<WorkerHealthView.Part> parts, String gpuWorkers) {
    if (!temporalUp || gpuWorkers.equals("DOWN")) {
      return "DOWN";
    }
    boolean cpuDown = parts.stream().anyMatch(p -> p.name().equals("cpu-worker") && !isUp(p));
    boolean anyDown = parts.stream().anyMatch(p -> !isUp(p));
    if (cpuDown || (anyDown && gpuWorkers.equals("UP"))) {
      return "DEGRADED";
    }
    return gpuWorkers;
  }

  private static boolean isUp(WorkerHealthView.Part part) {
    return part.status().equals("UP");
  }

  private static WorkerHealthView.Part queuePart(
      String name, String queue, Outcome<QueueView> outcome, String what) {
    if (!outcome.ok()) {
      return new WorkerHealthView.Part(
          name, "UNKNOWN", "queue " + queue + ": " + outcome.problem());
    }
    int pollers = outcome.value().pollers().size();
    return pollers == 0
        ? new WorkerHealthView.Part(
            name, "DOWN", "no worker polls queue " + queue + ": " + what + " do not progress")
        : new WorkerHealthView.Part(
            name, "UP", pollers + " poller" + (pollers == 1 ? "" : "s") + " on queue " + queue);
  }

  @SafeVarargs
  private static String firstProblem(Outcome<?>... outcomes) {
    for (Outcome<?> outcome : outcomes) {
      if (!outcome.ok()) {
        return outcome.problem();
      }
    }
    return "unknown";
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }
}

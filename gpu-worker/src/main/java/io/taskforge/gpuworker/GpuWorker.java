package io.taskforge.gpuworker;

import io.taskforge.activities.worker.TaskActivityDispatcher;
import io.taskforge.gpuworker.slot.GpuSlotSupplier;
import io.taskforge.workflows.expansion.ExpansionActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.CompositeTuner;
import io.temporal.worker.tuning.FixedSizeSlotSupplier;
import io.temporal.worker.tuning.WorkerTuner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The Temporal workers of this process: the same GPU activities on the shared queue and on this
 * worker's own queue, with one slot supplier for both, so the process polls only while it has a
 * free device slot. No workflows run here.
 */
public final class GpuWorker implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(GpuWorker.class);

  /**
   * How long a stop waits for running GPU activities; Temporal retries what is left elsewhere. With
   * the registry reporter's deadlines (8 s at most) and the web server's drain (5 s) it fits a 30 s
   * grace period.
   */
  static final Duration DRAIN = Duration.ofSeconds(10);

  private final WorkerFactory factory;
  private final List<String> queues;
  private final int slots;
  private volatile boolean running;

  public GpuWorker(
      WorkflowClient client,
      GpuWorkerSettings settings,
      GpuSlotSupplier slotSupplier,
      TaskActivityDispatcher dispatcher,
      ExpansionActivities expansions) {
    this.factory = WorkerFactory.newInstance(client);
    this.queues = List.of(settings.sharedQueue(), settings.ownQueue());
    this.slots = slotSupplier.allocator().capacity();
    // Workflow, local-activity and Nexus slots are unused here; they only need some supplier.
    WorkerTuner tuner =
        new CompositeTuner(
            new FixedSizeSlotSupplier<>(2),
            slotSupplier,
            new FixedSizeSlotSupplier<>(2),
            new FixedSizeSlotSupplier<>(2));
    for (String queue : queues) {
      Worker worker =
          factory.newWorker(
              queue,
              WorkerOptions.newBuilder()
                  .setWorkerTuner(tuner)
                  .setIdentity(identity(settings))
                  .build());
      worker.registerActivitiesImplementations(dispatcher, expansions);
    }
  }

  /** How this worker appears among a task queue's pollers. */
  public static String identity(GpuWorkerSettings settings) {
    return "gpu-worker:" + settings.workerId();
  }

  @Override
  public void start() {
    factory.start();
    running = true;
    log.info("gpu-worker polling {} with {} activity slot(s)", queues, slots);
  }

  @Override
  public void stop() {
    factory.shutdown();
    factory.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops after the reporter (which stops first, sending its last report). */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 1;
  }
}

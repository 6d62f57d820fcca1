package io.taskforge.activities.worker;

import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.CompositeTuner;
import io.temporal.worker.tuning.FixedSizeSlotSupplier;
import io.temporal.worker.tuning.ResourceBasedController;
import io.temporal.worker.tuning.ResourceBasedControllerOptions;
import io.temporal.worker.tuning.ResourceBasedSlotOptions;
import io.temporal.worker.tuning.ResourceBasedSlotSupplier;
import io.temporal.worker.tuning.WorkerTuner;

/**
 * Turns {@link WorkerSettings} into the worker's slot configuration.
 *
 * <p>Resource-based: Temporal's resource-based slot suppliers for activities and local activities
 * (one controller, so both see the same CPU and heap readings), and a fixed number of workflow-task
 * slots. Workflow tasks are short and their cost is replay, not load, so sizing them by load only
 * delays workflows (Temporal's worker-tuning guide gives this split as its example). Fixed: the two
 * sizes, as Taskforge always had them; Temporal recommends it for steady workloads whose cost per
 * task is known.
 */
public final class WorkerTuning {
  /** Taskforge registers no Nexus services, so no Nexus task ever takes one of these slots. */
  private static final int NEXUS_SLOTS = 10;

  private WorkerTuning() {}

  public static WorkerOptions workerOptions(WorkerSettings settings) {
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    switch (settings.tuner()) {
      case FIXED ->
          options
              .setMaxConcurrentActivityExecutionSize(settings.maxConcurrentActivities())
              .setMaxConcurrentWorkflowTaskExecutionSize(settings.maxConcurrentWorkflowTasks());
      case RESOURCE_BASED -> options.setWorkerTuner(resourceBasedTuner(settings));
    }
    return options.build();
  }

  /** A new tuner (with its own controller) per worker start: a controller serves one worker. */
  static WorkerTuner resourceBasedTuner(WorkerSettings settings) {
    WorkerSettings.ResourceBased resourceBased = settings.resourceBased();
    ResourceBasedController controller =
        ResourceBasedController.newSystemInfoController(
            new ResourceBasedControllerOptions.Builder()
                .setTargetCPUUsage(resourceBased.targetCpu())
                .setTargetMemoryUsage(resourceBased.targetMemory())
                .build());
    ResourceBasedSlotOptions activitySlots =
        ResourceBasedSlotOptions.newBuilder()
            .setMinimumSlots(resourceBased.minActivitySlots())
            .setMaximumSlots(resourceBased.maxActivitySlots())
            .setRampThrottle(resourceBased.rampThrottle())
            .build();
    return new CompositeTuner(
        new FixedSizeSlotSupplier<>(settings.maxConcurrentWorkflowTasks()),
        ResourceBasedSlotSupplier.createForActivity(controller, activitySlots),
        ResourceBasedSlotSupplier.createForLocalActivity(controller, activitySlots),
        new FixedSizeSlotSupplier<>(NEXUS_SLOTS));
  }

  /** The slot configuration in words, for logs and {@code /api/v1/system/resources}. */
  public static String describe(WorkerSettings settings) {
    return switch (settings.tuner()) {
      case FIXED ->
          "fixed: %d activity slots, %d workflow-task slots"
              .formatted(settings.maxConcurrentActivities(), settings.maxConcurrentWorkflowTasks());
      case RESOURCE_BASED -> {
        WorkerSettings.ResourceBased r = settings.resourceBased();
        yield ("resource-based: %d to %d activity slots while CPU < %.2f and heap < %.2f,"
                + " %d workflow-task slots")
            .formatted(
                r.minActivitySlots(),
                r.maxActivitySlots(),
                r.targetCpu(),
                r.targetMemory(),
                settings.maxConcurrentWorkflowTasks());
      }
    };
  }
}

package io.taskforge.activities.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.ActivitySlotInfo;
import io.temporal.worker.tuning.CompositeTuner;
import io.temporal.worker.tuning.FixedSizeSlotSupplier;
import io.temporal.worker.tuning.LocalActivitySlotInfo;
import io.temporal.worker.tuning.ResourceBasedSlotSupplier;
import io.temporal.worker.tuning.SlotInfo;
import io.temporal.worker.tuning.SlotPermit;
import io.temporal.worker.tuning.SlotReserveContext;
import io.temporal.worker.tuning.SlotSupplier;
import io.temporal.worker.tuning.WorkerTuner;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code taskforge.worker.*} as configured, and the worker options it becomes. */
class WorkerTuningTest {

  private static WorkerSettings bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("taskforge.worker", WorkerSettings.class);
  }

  @Test
  void nothingConfigured_isResourceBasedWithTheDocumentedBounds() {
    WorkerSettings settings = bind(Map.of());

    assertThat(settings.tuner()).isEqualTo(WorkerSettings.Tuner.RESOURCE_BASED);
    assertThat(settings.maxConcurrentWorkflowTasks()).isEqualTo(50);
    assertThat(settings.resourceBased())
        .isEqualTo(new WorkerSettings.ResourceBased(0.8, 0.8, 8, 200, Duration.ofMillis(50)));
  }

  @Test
  void resourceBased_activityAndLocalActivitySlotsFollowLoad_workflowSlotsAreFixed() {
    WorkerSettings settings =
        bind(
            Map.of(
                "taskforge.worker.tuner", "resource-based",
                "taskforge.worker.max-concurrent-workflow-tasks", "40",
                "taskforge.worker.resource-based.target-cpu", "0.7",
                "taskforge.worker.resource-based.target-memory", "0.6",
                "taskforge.worker.resource-based.min-activity-slots", "3",
                "taskforge.worker.resource-based.max-activity-slots", "20"));

    WorkerOptions options = WorkerTuning.workerOptions(settings);

    WorkerTuner tuner = options.getWorkerTuner();
    assertThat(tuner).isInstanceOf(CompositeTuner.class);
    assertThat(tuner.getWorkflowTaskSlotSupplier())
        .isInstanceOf(FixedSizeSlotSupplier.class)
        .extracting(SlotSupplier::getMaximumSlots)
        .isEqualTo(Optional.of(40));
    for (SlotSupplier<?> supplier :
        new SlotSupplier<?>[] {
          tuner.getActivityTaskSlotSupplier(), tuner.getLocalActivitySlotSupplier()
        }) {
      assertThat(supplier).isInstanceOf(ResourceBasedSlotSupplier.class);
      var controllerOptions =
          ((ResourceBasedSlotSupplier<?>) supplier).getResourceController().options;
      assertThat(controllerOptions.getTargetCPUUsage()).isEqualTo(0.7);
      assertThat(controllerOptions.getTargetMemoryUsage()).isEqualTo(0.6);
    }
    // Below the minimum a slot is given whatever the load; at the maximum none is.
    var activities = tuner.getActivityTaskSlotSupplier();
    assertThat(activities.tryReserveSlot(issued(2))).isPresent();
    assertThat(activities.tryReserveSlot(issued(20))).isEmpty();
    var localActivities = tuner.getLocalActivitySlotSupplier();
    assertThat(localActivities.tryReserveSlot(issued(2))).isPresent();
    assertThat(localActivities.tryReserveSlot(issued(20))).isEmpty();
    // Both slot kinds share one controller, so they see the same readings.
    assertThat(((ResourceBasedSlotSupplier<ActivitySlotInfo>) activities).getResourceController())
        .isSameAs(
            ((ResourceBasedSlotSupplier<LocalActivitySlotInfo>) localActivities)
                .getResourceController());
  }

  @Test
  void fixed_setsTheTwoSizesAndNoTuner() {
    WorkerSettings settings =
        bind(
            Map.of(
                "taskforge.worker.tuner", "fixed",
                "taskforge.worker.max-concurrent-activities", "3",
                "taskforge.worker.max-concurrent-workflow-tasks", "7"));

    WorkerOptions options = WorkerTuning.workerOptions(settings);

    assertThat(options.getWorkerTuner()).isNull();
    assertThat(options.getMaxConcurrentActivityExecutionSize()).isEqualTo(3);
    assertThat(options.getMaxConcurrentWorkflowTaskExecutionSize()).isEqualTo(7);
    assertThat(WorkerTuning.describe(settings))
        .isEqualTo("fixed: 3 activity slots, 7 workflow-task slots");
  }

  @Test
  void legacyConstructor_keepsFixedSlots() {
    WorkerSettings settings = new WorkerSettings(true, "q", 1, 2);

    assertThat(settings.tuner()).isEqualTo(WorkerSettings.Tuner.FIXED);
    assertThat(WorkerTuning.workerOptions(settings).getMaxConcurrentActivityExecutionSize())
        .isEqualTo(1);
  }

  @Test
  void maximumBelowMinimum_isRefusedNamingTheKey() {
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "taskforge.worker.resource-based.min-activity-slots", "10",
                        "taskforge.worker.resource-based.max-activity-slots", "5")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("taskforge.worker.resource-based.max-activity-slots");
  }

  @Test
  void targetAboveOne_isRefused() {
    assertThatThrownBy(() -> bind(Map.of("taskforge.worker.resource-based.target-cpu", "80")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("taskforge.worker.resource-based.target-cpu must be in (0, 1]");
  }

  @Test
  void unknownTuner_isRefused() {
    assertThatThrownBy(() -> bind(Map.of("taskforge.worker.tuner", "adaptive")))
        .isInstanceOf(BindException.class);
  }

  private static <SI extends SlotInfo> SlotReserveContext<SI> issued(int slots) {
    return new SlotReserveContext<>() {
      @Override
      public String getTaskQueue() {
        return "q";
      }

      @Override
      public Map<SlotPermit, SI> getUsedSlots() {
        return Map.of();
      }

      @Override
      public String getWorkerIdentity() {
        return "test";
      }

      @Override
      public String getWorkerBuildId() {
        return "";
      }

      @Override
      public int getNumIssuedSlots() {
        return slots;
      }
    };
  }
}

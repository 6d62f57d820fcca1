package io.taskforge.workflows.gpu;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;

/**
 * Asks the worker registry where a GPU task should go first. Run as a local activity by the task's
 * workflow, on the worker that runs workflows (it queries the registry workflow).
 */
@ActivityInterface
public interface GpuRoutingActivities {
  @ActivityMethod(name = "PreferredGpuQueue")
  RoutingDecision preferredQueue(RoutingRequest request);

  record RoutingRequest(String taskType, String model, String affinityKey) {}

  /**
   * @param taskQueue the worker-specific queue to try, or null for the shared queue only
   * @param waitForWorker how long the task waits there before it falls back to the shared queue
   */
  record RoutingDecision(String taskQueue, String workerId, String reason, Duration waitForWorker) {
    public static RoutingDecision shared(String reason) {
      return new RoutingDecision(null, null, reason, null);
    }

    public boolean prefersWorker() {
      return taskQueue != null;
    }
  }
}

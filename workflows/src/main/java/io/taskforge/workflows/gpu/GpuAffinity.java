package io.taskforge.workflows.gpu;

import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.gpu.GpuRoutingActivities.RoutingDecision;
import io.taskforge.workflows.gpu.GpuRoutingActivities.RoutingRequest;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskActivityOptions;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskOutput;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Model affinity for a task's workflow (the worker-specific task-queue pattern): a GPU task that
 * names a model and belongs to a session or group first goes to the queue of a worker that holds
 * the model warm, with a short schedule-to-start timeout; if that worker does not take it in time
 * (busy, or gone), the caller runs it on the shared queue as usual.
 *
 * <p>Every other task returns empty without a command, so their histories are unchanged.
 */
public final class GpuAffinity {
  private static final Logger log = Workflow.getLogger(GpuAffinity.class);

  /** Used when the routing answer does not say. */
  static final Duration DEFAULT_WAIT_FOR_WORKER = Duration.ofSeconds(5);

  private GpuAffinity() {}

  /** Whether a task is routed at all: only GPU tasks that name a model. */
  public static boolean applies(TaskInput input) {
    return TaskQueues.GPU.equals(input.activityTaskQueue())
        && input.params().get(GpuTaskTypes.MODEL) instanceof String model
        && !model.isBlank();
  }

  /**
   * Runs the task's activity on a preferred worker; empty when the task is not routed, no worker is
   * preferred, or the preferred worker did not take it in time. Failures of the activity itself
   * propagate as they would from the shared queue.
   */
  public static Optional<TaskOutput> tryPreferredWorker(
      TaskInput input, TaskActivityInput activityInput) {
    if (!applies(input)) {
      return Optional.empty();
    }
    String affinityKey = affinityKey(input);
    if (affinityKey == null) {
      return Optional.empty();
    }
    RoutingDecision decision = ask(input, affinityKey);
    if (decision == null || !decision.prefersWorker()) {
      return Optional.empty();
    }
    Duration wait =
        decision.waitForWorker() == null ? DEFAULT_WAIT_FOR_WORKER : decision.waitForWorker();
    ActivityOptions options =
        ActivityOptions.newBuilder(TaskActivityOptions.of(input))
            .setTaskQueue(decision.taskQueue())
            .setScheduleToStartTimeout(wait)
            .build();
    try {
      return Optional.of(
          Workflow.newUntypedActivityStub(options)
              .execute(input.type(), TaskOutput.class, activityInput));
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof TimeoutFailure timeout
          && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
        log.info(
            "worker {} did not take task {} within {}; falling back to the shared queue",
            decision.workerId(),
            activityInput.taskId(),
            wait);
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The task's session id, else its task group's id; null when it has neither. */
  static String affinityKey(TaskInput input) {
    if (input.params().get(GpuTaskTypes.SESSION_ID) instanceof String session
        && !session.isBlank()) {
      return session;
    }
    String group = Workflow.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_GROUP_ID);
    return group == null || group.isBlank() ? null : "group:" + group;
  }

  /** Routing is an optimisation: if the registry cannot answer, the shared queue is used. */
  private static RoutingDecision ask(TaskInput input, String affinityKey) {
    GpuRoutingActivities routing =
        Workflow.newLocalActivityStub(
            GpuRoutingActivities.class,
            LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(5))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
                .build());
    try {
      return routing.preferredQueue(
          new RoutingRequest(
              input.type(), (String) input.params().get(GpuTaskTypes.MODEL), affinityKey));
    } catch (ActivityFailure e) {
      log.warn("model routing unavailable, using the shared GPU queue: {}", e.getMessage());
      return null;
    }
  }
}

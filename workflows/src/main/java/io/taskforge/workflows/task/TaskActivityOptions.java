package io.taskforge.workflows.task;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;

/** Turns a task's retry, timeout and priority settings into Temporal activity options. */
public final class TaskActivityOptions {
  private TaskActivityOptions() {}

  public static ActivityOptions of(TaskInput input) {
    TimeoutSpec timeouts = input.timeouts();
    ActivityOptions.Builder builder =
        ActivityOptions.newBuilder()
            .setTaskQueue(input.activityTaskQueue())
            .setScheduleToCloseTimeout(timeouts.execution())
            .setStartToCloseTimeout(timeouts.attempt())
            .setHeartbeatTimeout(timeouts.heartbeat())
            .setRetryOptions(retryOptions(input.retry()))
            .setPriority(input.priority().toTemporal())
            // A graceful cancel reaches the worker through its heartbeat, and the task is only
            // CANCELLED once the worker has stopped.
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
    if (timeouts.queue() != null) {
      builder.setScheduleToStartTimeout(timeouts.queue());
    }
    return builder.build();
  }

  static RetryOptions retryOptions(RetrySpec retry) {
    return RetryOptions.newBuilder()
        .setMaximumAttempts(retry.maximumAttempts())
        .setInitialInterval(retry.initialInterval())
        .setBackoffCoefficient(retry.backoffCoefficient())
        .setMaximumInterval(retry.maximumInterval())
        .setDoNotRetry(retry.nonRetryableErrorTypes().toArray(String[]::new))
        .build();
  }
}

package io.taskforge.workflows.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import org.junit.jupiter.api.Test;

class TaskFailuresTest {

  @Test
  void applicationFailure_isErrorWithItsTypeAndMessage() {
    ActivityFailure failure =
        activityFailure(
            RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
            ApplicationFailure.newFailure("upstream said 503", FailureTypes.REMOTE_UNAVAILABLE));

    assertThat(TaskFailures.from(failure, 3))
        .isEqualTo(
            new TaskFailure(
                FailureKind.ERROR, "upstream said 503", FailureTypes.REMOTE_UNAVAILABLE, 3));
    assertThat(TaskFailures.isCancellation(failure)).isFalse();
  }

  @Test
  void timeoutFailure_isTimeoutNamedAfterTheTimeoutThatFired() {
    ActivityFailure failure =
        activityFailure(
            RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
            new TimeoutFailure("timed out", null, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START));

    TaskFailure taskFailure = TaskFailures.from(failure, 0);

    assertThat(taskFailure.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(taskFailure.type()).isEqualTo("TIMEOUT_SCHEDULE_TO_START");
    assertThat(taskFailure.attempts()).isZero();
  }

  @Test
  void retriesStoppedByExecutionLimit_isTimeoutWithLastError() {
    ActivityFailure failure =
        activityFailure(
            RetryState.RETRY_STATE_TIMEOUT,
            ApplicationFailure.newFailure("upstream said 503", FailureTypes.REMOTE_UNAVAILABLE));

    TaskFailure taskFailure = TaskFailures.from(failure, 4);

    assertThat(taskFailure.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(taskFailure.type()).isEqualTo("TIMEOUT_SCHEDULE_TO_CLOSE");
    assertThat(taskFailure.message()).contains("upstream said 503");
    assertThat(taskFailure.attempts()).isEqualTo(4);
  }

  @Test
  void canceledFailure_isCancellation() {
    ActivityFailure failure =
        activityFailure(
            RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE, new CanceledFailure("cancelled"));

    assertThat(TaskFailures.isCancellation(failure)).isTrue();
    assertThat(TaskFailures.from(failure, 1).kind()).isEqualTo(FailureKind.CANCELLED);
  }

  private static ActivityFailure activityFailure(RetryState retryState, Throwable cause) {
    return new ActivityFailure(
        "Activity task failed", 5, 6, "sleep", "activity-1", retryState, "worker-1", cause);
  }
}

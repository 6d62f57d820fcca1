package io.taskforge.workflows.task;

import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;

/** Classifies why a task's activity failed, for {@link TaskFailure}. */
public final class TaskFailures {
  private TaskFailures() {}

  public static TaskFailure from(ActivityFailure failure, int attempts) {
    Throwable cause = failure.getCause();
    if (cause instanceof TimeoutFailure timeout) {
      String type = "TIMEOUT_" + timeout.getTimeoutType().name().replace("TIMEOUT_TYPE_", "");
      String message = "task timed out (" + type + ")";
      if (timeout.getCause() instanceof ApplicationFailure last) {
        message += "; last error: " + last.getOriginalMessage();
      }
      return new TaskFailure(FailureKind.TIMEOUT, message, type, attempts);
    }
    if (failure.getRetryState() == RetryState.RETRY_STATE_TIMEOUT
        && cause instanceof ApplicationFailure last) {
      // The server gives up retrying when the next attempt would start after the execution
      // limit; it reports the last error, but the task failed for running out of time.
      String type = "TIMEOUT_SCHEDULE_TO_CLOSE";
      String message = "task timed out (" + type + "); last error: " + last.getOriginalMessage();
      return new TaskFailure(FailureKind.TIMEOUT, message, type, attempts);
    }
    if (cause instanceof CanceledFailure) {
      return new TaskFailure(FailureKind.CANCELLED, "task was cancelled", "Cancelled", attempts);
    }
    if (cause instanceof ApplicationFailure application) {
      return new TaskFailure(
          FailureKind.ERROR, application.getOriginalMessage(), application.getType(), attempts);
    }
    String message = cause == null ? failure.getMessage() : cause.getMessage();
    return new TaskFailure(FailureKind.ERROR, message, "ActivityFailure", attempts);
  }

  public static boolean isCancellation(ActivityFailure failure) {
    return failure.getCause() instanceof CanceledFailure;
  }
}

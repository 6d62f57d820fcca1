package io.taskforge.workflows.task;

import java.util.Objects;

/**
 * How a task failed: the kind, the message, the error type (an {@code ApplicationFailure} type, or
 * the timeout that fired) and how many attempts were made.
 */
public record TaskFailure(FailureKind kind, String message, String type, int attempts) {
  public TaskFailure {
    Objects.requireNonNull(kind, "kind");
    message = message == null ? "" : message;
    type = type == null ? "" : type;
  }
}

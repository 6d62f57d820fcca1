package io.taskforge.workflows.taskgroup;

import io.taskforge.workflows.task.TaskStatus;
import java.util.Objects;

/**
 * What a dependency's final status must be for its dependent to run. Used by task groups and by
 * dependencies between standalone tasks alike.
 */
public enum DependencyCondition {
  /** The dependency completed successfully (the default). */
  COMPLETED,
  /** The dependency failed: for error handlers and compensation. */
  FAILED,
  /** The dependency was cancelled (or force-cancelled): for compensation after a cancel. */
  CANCELLED,
  /** The dependency ended in any way, skipped and cancelled included: for clean-up. */
  ANY_TERMINAL;

  public boolean satisfiedBy(TaskStatus status) {
    Objects.requireNonNull(status, "status");
    return switch (this) {
      case COMPLETED -> status == TaskStatus.COMPLETED;
      case FAILED -> status == TaskStatus.FAILED;
      case CANCELLED -> status == TaskStatus.CANCELLED;
      case ANY_TERMINAL -> status.isTerminal();
    };
  }

  /** The dependency has ended without satisfying this condition, so it never will. */
  public boolean canNeverBeSatisfiedBy(TaskStatus status) {
    return status.isTerminal() && !satisfiedBy(status);
  }
}

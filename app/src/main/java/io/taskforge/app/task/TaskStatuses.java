package io.taskforge.app.task;

import io.taskforge.workflows.task.TaskExecutionStatuses;
import io.taskforge.workflows.task.TaskStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;

/**
 * Reconciles the {@code TaskStatus} search attribute with Temporal's execution status, for tasks,
 * groups and agencies alike. An open workflow's attribute is current. A closed one's is too, except
 * when the workflow could not record its end itself: a terminated workflow (force cancel) or one
 * that hit a server-side timeout.
 */
public final class TaskStatuses {
  private TaskStatuses() {}

  public static TaskStatus of(WorkflowExecutionStatus execution, String attribute) {
    return TaskExecutionStatuses.of(execution, attribute);
  }

  /**
   * The visibility query that finds tasks of a status, consistent with {@link #of}; usable as is
   * with {@code temporal workflow list --query}.
   */
  public static String query(TaskStatus status) {
    return switch (status) {
      case PENDING, WAITING, SCHEDULED, RUNNING ->
          "ExecutionStatus = 'Running' AND TaskStatus = '" + status.name() + "'";
      case COMPLETED -> "ExecutionStatus = 'Completed' AND TaskStatus != 'SKIPPED'";
      case SKIPPED -> "ExecutionStatus = 'Completed' AND TaskStatus = 'SKIPPED'";
      case FAILED -> "(ExecutionStatus = 'Failed' OR ExecutionStatus = 'TimedOut')";
      case CANCELLED -> "(ExecutionStatus = 'Canceled' OR ExecutionStatus = 'Terminated')";
    };
  }

  /** A status attribute's value, or {@code otherwise} when absent or not a status. */
  public static TaskStatus parse(String value, TaskStatus otherwise) {
    if (value == null) {
      return otherwise;
    }
    try {
      return TaskStatus.valueOf(value);
    } catch (IllegalArgumentException e) {
      return otherwise;
    }
  }
}

package io.taskforge.app.task;

import io.taskforge.workflows.task.TaskStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;

/**
 * Reconciles the {@code TaskStatus} search attribute with Temporal's execution status. An open
 * workflow's attribute is current. A closed one's is too, except when the workflow could not record
 * its end itself: a terminated task (force cancel) or one that hit a server-side timeout.
 */
final class TaskStatuses {
  private TaskStatuses() {}

  static TaskStatus of(WorkflowExecutionStatus execution, String attribute) {
    TaskStatus recorded = parse(attribute);
    return switch (execution) {
      case WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_UNSPECIFIED ->
          recorded == null ? TaskStatus.PENDING : recorded;
      case WORKFLOW_EXECUTION_STATUS_COMPLETED ->
          recorded == TaskStatus.SKIPPED ? TaskStatus.SKIPPED : TaskStatus.COMPLETED;
      case WORKFLOW_EXECUTION_STATUS_CANCELED, WORKFLOW_EXECUTION_STATUS_TERMINATED ->
          TaskStatus.CANCELLED;
      default -> TaskStatus.FAILED;
    };
  }

  private static TaskStatus parse(String attribute) {
    if (attribute == null) {
      return null;
    }
    try {
      return TaskStatus.valueOf(attribute);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The visibility query that finds tasks of a status, consistent with {@link #of}; usable as is
   * with {@code temporal workflow list --query}.
   */
  static String query(TaskStatus status) {
    return switch (status) {
      case PENDING, WAITING, SCHEDULED, RUNNING ->
          "ExecutionStatus = 'Running' AND TaskStatus = '" + status.name() + "'";
      case COMPLETED -> "ExecutionStatus = 'Completed' AND TaskStatus != 'SKIPPED'";
      case SKIPPED -> "ExecutionStatus = 'Completed' AND TaskStatus = 'SKIPPED'";
      case FAILED -> "(ExecutionStatus = 'Failed' OR ExecutionStatus = 'TimedOut')";
      case CANCELLED -> "(ExecutionStatus = 'Canceled' OR ExecutionStatus = 'Terminated')";
    };
  }
}

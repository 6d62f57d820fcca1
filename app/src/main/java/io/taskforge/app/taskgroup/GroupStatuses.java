package io.taskforge.app.taskgroup;

import io.taskforge.workflows.task.TaskStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;

/**
 * A group's status from Temporal's execution status and the {@code TaskStatus} attribute the group
 * keeps: an open group's attribute is current; a closed group's execution status decides, since a
 * terminated group could not record its own end.
 */
public final class GroupStatuses {
  private GroupStatuses() {}

  public static TaskStatus of(WorkflowExecutionStatus execution, String attribute) {
    return switch (execution) {
      case WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_UNSPECIFIED ->
          parse(attribute, TaskStatus.PENDING);
      case WORKFLOW_EXECUTION_STATUS_COMPLETED -> TaskStatus.COMPLETED;
      case WORKFLOW_EXECUTION_STATUS_CANCELED, WORKFLOW_EXECUTION_STATUS_TERMINATED ->
          TaskStatus.CANCELLED;
      default -> TaskStatus.FAILED;
    };
  }

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

  /** The visibility query for groups of a status, consistent with {@link #of}. */
  public static String query(TaskStatus status) {
    return switch (status) {
      case PENDING, WAITING, SCHEDULED, RUNNING ->
          "ExecutionStatus = 'Running' AND TaskStatus = '" + status.name() + "'";
      case COMPLETED -> "ExecutionStatus = 'Completed'";
      case SKIPPED -> "ExecutionStatus = 'Completed' AND TaskStatus = 'SKIPPED'";
      case FAILED -> "(ExecutionStatus = 'Failed' OR ExecutionStatus = 'TimedOut')";
      case CANCELLED -> "(ExecutionStatus = 'Canceled' OR ExecutionStatus = 'Terminated')";
    };
  }
}

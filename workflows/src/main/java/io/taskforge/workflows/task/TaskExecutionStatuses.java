package io.taskforge.workflows.task;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;

/**
 * A task's status from its workflow's execution status and its {@code TaskStatus} search attribute.
 * An open workflow's attribute is current. A closed one's is too, except when the workflow could
 * not record its end itself: a terminated task (force cancel) or one that hit a server-side
 * timeout. The API and the dependency lookup both use this, so they always agree.
 */
public final class TaskExecutionStatuses {
  private TaskExecutionStatuses() {}

  public static TaskStatus of(WorkflowExecutionStatus execution, String attribute) {
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
}

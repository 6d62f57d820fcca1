package io.taskforge.activities.dependency;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.task.DependencyActivities;
import io.taskforge.workflows.task.DependencyClosed;
import io.taskforge.workflows.task.DependencyLookup;
import io.taskforge.workflows.task.DependencyLookupResult;
import io.taskforge.workflows.task.TaskExecutionStatuses;
import io.taskforge.workflows.task.TaskStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;

/**
 * Looks a dependency up through the worker's Temporal client, mapping its status exactly as the API
 * does ({@link TaskExecutionStatuses}). A task that no longer exists (deleted after it closed) or
 * is not a task counts as ended CANCELLED, with a detail saying so.
 */
public final class DependencyActivitiesImpl implements DependencyActivities {
  static final String TASK_WORKFLOW_TYPE = "TaskWorkflow";

  private final WorkflowClient client;

  public DependencyActivitiesImpl(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public DependencyLookupResult lookup(DependencyLookup lookup) {
    String id = lookup.taskId();
    WorkflowExecutionDescription description;
    try {
      description = client.newUntypedWorkflowStub(id).describe();
    } catch (WorkflowNotFoundException e) {
      return gone(id, "task no longer exists");
    } catch (WorkflowServiceException e) {
      if (e.getCause() instanceof StatusRuntimeException grpc
          && grpc.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return gone(id, "task no longer exists");
      }
      throw e;
    }
    if (!TASK_WORKFLOW_TYPE.equals(description.getWorkflowType())) {
      return gone(id, "not a task");
    }
    if (description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return DependencyLookupResult.open(id);
    }
    TaskStatus status =
        TaskExecutionStatuses.of(
            description.getStatus(),
            description.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_STATUS));
    String detail =
        description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED
            ? "terminated"
            : null;
    return new DependencyLookupResult(id, new DependencyClosed(id, status, detail));
  }

  private static DependencyLookupResult gone(String id, String detail) {
    return new DependencyLookupResult(id, new DependencyClosed(id, TaskStatus.CANCELLED, detail));
  }
}

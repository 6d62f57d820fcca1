package io.taskforge.app.web;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;

/**
 * Finds a task, group or agency by its workflow id: a workflow that does not exist, or is of
 * another type, answers 404 the same way. Blocking.
 */
public final class WorkflowLookup {
  private WorkflowLookup() {}

  /**
   * Describes the latest run of {@code id}.
   *
   * @param what how the 404 names the thing, e.g. "task group"
   */
  public static WorkflowExecutionDescription describe(
      WorkflowClient client, String id, String workflowType, String what) {
    try {
      WorkflowExecutionDescription description = client.newUntypedWorkflowStub(id).describe();
      if (!workflowType.equals(description.getWorkflowType())) {
        throw Problems.notFound(what, id);
      }
      return description;
    } catch (WorkflowNotFoundException e) {
      throw Problems.notFound(what, id);
    } catch (WorkflowServiceException e) {
      if (e.getCause() instanceof StatusRuntimeException grpc
          && grpc.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw Problems.notFound(what, id);
      }
      throw e;
    }
  }
}

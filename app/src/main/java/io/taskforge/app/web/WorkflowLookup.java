package io.taskforge.app.web;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.app.security.Tenancy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;

/**
 * Finds a task, group or agency by its workflow id for a tenant: a workflow that does not exist, is
 * of another type, or belongs to another tenant answers 404 the same way. Every lookup by id in the
 * API goes through here, so tenant isolation is checked in this one place. Blocking.
 */
public final class WorkflowLookup {
  private WorkflowLookup() {}

  /**
   * Describes the latest run of {@code id}, if it belongs to {@code tenant}.
   *
   * @param what how the 404 names the thing, e.g. "task group"
   */
  public static WorkflowExecutionDescription describe(
      WorkflowClient client, String id, String workflowType, String what, String tenant) {
    try {
      WorkflowExecutionDescription description = client.newUntypedWorkflowStub(id).describe();
      if (!workflowType.equals(description.getWorkflowType())) {
        throw Problems.notFound(what, id);
      }
      return Tenancy.requireOwned(description, tenant, what, id);
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

package io.taskforge.app.web;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.app.security.Tenancy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;

/**
 * Finds a task, group or agency by its API id for a tenant: it looks in the tenant's own id space
 * (see {@link Tenancy#workflowId}), so another tenant's work is never even asked for. A workflow
 * that does not exist, is of another type, or (defense in depth) does not carry the tenant answers
 * 404 the same way, naming the id as the caller gave it. Every lookup by id in the API goes through
 * here. Blocking.
 */
public final class WorkflowLookup {
  private WorkflowLookup() {}

  /**
   * Describes the latest run of the tenant's {@code id}.
   *
   * @param id the API id
   * @param what how the 404 names the thing, e.g. "task group"
   */
  public static WorkflowExecutionDescription describe(
      WorkflowClient client, String tenant, String id, String workflowType, String what) {
    try {
      WorkflowExecutionDescription description =
          client.newUntypedWorkflowStub(Tenancy.workflowId(tenant, id)).describe();
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

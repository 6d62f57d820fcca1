package io.taskforge.app.support;

import io.taskforge.app.task.SubmitTaskRequest;
import io.taskforge.app.task.TaskRequestValidator;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.task.TaskWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.util.Map;

/**
 * Tasks of a tenant made past the API, for the tenant ITs ({@link TestTenants}): a task validated
 * as the API would for the tenant, and a task workflow started directly on the dev server.
 */
public final class TenantTasks {
  private TenantTasks() {}

  /** A task of the type with the params and nothing else, validated as the API does for tenant. */
  public static TaskRequestValidator.ValidTask validated(
      TaskRequestValidator validator, String type, Map<String, Object> params, String tenant) {
    return validator.validate(
        new SubmitTaskRequest(
            null, type, null, null, null, params, null, null, null, null, null, null, null),
        tenant);
  }

  /**
   * Starts a task workflow of that id on queue {@code taskforge}, with the search attributes the
   * API sets; the Tenant attribute only for a tenant (null: none, as before tenants existed).
   */
  public static String start(
      WorkflowClient workflowClient, String workflowId, TaskInput input, String tenant) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(TaskSearchAttributes.TASK_TYPE, input.type())
            .set(TaskSearchAttributes.TASK_STATUS, TaskStatus.PENDING.name())
            .set(TaskSearchAttributes.TASK_PRIORITY, "NORMAL");
    if (tenant != null) {
      attributes.set(TaskSearchAttributes.TENANT, tenant);
    }
    TaskWorkflow workflow =
        workflowClient.newWorkflowStub(
            TaskWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue("taskforge")
                .setTypedSearchAttributes(attributes.build())
                .build());
    WorkflowClient.start(workflow::run, input);
    return workflowId;
  }
}

package io.taskforge.workflows.webhook;

import io.taskforge.workflows.TenantIds;
import io.taskforge.workflows.task.TaskFailure;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The body of a webhook delivery: a task's final state.
 *
 * @param event {@code task.completed}, {@code task.failed}, {@code task.cancelled} or {@code
 *     task.skipped}
 * @param taskId the task's workflow id as the workflow records it; the receiver gets its API id
 *     (see {@link #forReceiver})
 * @param result the output data of a completed task, else null
 * @param failure why a failed or cancelled task did not complete, else null
 * @param reason why a skipped task was skipped, else null
 */
public record TaskEvent(
    String event,
    String taskId,
    String type,
    String status,
    Map<String, Object> result,
    TaskFailure failure,
    String reason,
    int attempts,
    Instant createdAt,
    Instant startedAt,
    Instant closedAt) {
  public TaskEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(status, "status");
  }

  /**
   * The body as the receiver gets it: the task named by the id its tenant knows it by (see {@link
   * TenantIds}), not by the workflow id.
   */
  public TaskEvent forReceiver() {
    return new TaskEvent(
        event,
        TenantIds.apiId(taskId),
        type,
        status,
        result,
        failure,
        reason,
        attempts,
        createdAt,
        startedAt,
        closedAt);
  }
}

package io.taskforge.workflows.webhook;

import io.taskforge.workflows.task.TaskFailure;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The body of a webhook delivery: a task's final state.
 *
 * @param event {@code task.completed}, {@code task.failed}, {@code task.cancelled} or {@code
 *     task.skipped}
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
}

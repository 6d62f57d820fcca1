package io.taskforge.workflows.task;

import io.taskforge.workflows.webhook.WebhookOutcome;
import java.time.Instant;
import java.util.Objects;

/**
 * The result of a {@link TaskWorkflow} that completed: COMPLETED, or SKIPPED with a reason.
 *
 * @param reason why a SKIPPED task was skipped, else null
 * @param webhook how the webhook delivery went, null when the task named none
 */
public record TaskResult(
    TaskStatus status,
    TaskOutput output,
    int attempts,
    Instant startedAt,
    String reason,
    WebhookOutcome webhook) {
  public TaskResult {
    Objects.requireNonNull(status, "status");
  }

  public TaskResult(TaskStatus status, TaskOutput output, int attempts, Instant startedAt) {
    this(status, output, attempts, startedAt, null, null);
  }
}

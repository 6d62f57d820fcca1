package io.taskforge.workflows.task;

import io.taskforge.workflows.webhook.WebhookOutcome;
import java.util.Objects;

/**
 * How a task failed: the kind, the message, the error type (an {@code ApplicationFailure} type, or
 * the timeout that fired) and how many attempts were made; and, when the task named a webhook, how
 * its delivery went.
 */
public record TaskFailure(
    FailureKind kind, String message, String type, int attempts, WebhookOutcome webhook) {
  public TaskFailure {
    Objects.requireNonNull(kind, "kind");
    message = message == null ? "" : message;
    type = type == null ? "" : type;
  }

  public TaskFailure(FailureKind kind, String message, String type, int attempts) {
    this(kind, message, type, attempts, null);
  }

  public TaskFailure withWebhook(WebhookOutcome webhook) {
    return new TaskFailure(kind, message, type, attempts, webhook);
  }
}

package io.taskforge.workflows.webhook;

import java.util.Objects;

/** The input of {@link WebhookActivities#deliver}: one delivery, retried as one activity. */
public record WebhookDelivery(String deliveryId, WebhookSpec webhook, TaskEvent body) {
  public WebhookDelivery {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(body, "body");
  }
}

package io.taskforge.workflows.webhook;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Delivers a task's final state to its webhook: a signed POST, retried by Temporal. */
@ActivityInterface
public interface WebhookActivities {
  /** The activity type, which the API reads from a task's history. */
  String DELIVER = "DeliverWebhook";

  /**
   * One attempt. A failure whose details carry the attempt's HTTP status is retried unless it is
   * {@link io.taskforge.workflows.task.FailureTypes#REMOTE_REJECTED} (a 4xx other than 408/429).
   */
  @ActivityMethod(name = DELIVER)
  WebhookOutcome deliver(WebhookDelivery delivery);
}

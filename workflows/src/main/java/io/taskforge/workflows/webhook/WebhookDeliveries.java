package io.taskforge.workflows.webhook;

import io.taskforge.workflows.task.FailureTypes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Delivers a webhook from workflow code: one activity, retried by Temporal with exponential backoff
 * (doubling from the spec's initial interval, at most {@link #MAXIMUM_INTERVAL} apart, the spec's
 * number of attempts), and turned into a {@link WebhookOutcome} whether it succeeds or not: a
 * failed delivery never changes how the task ended.
 */
public final class WebhookDeliveries {
  private static final Logger log = Workflow.getLogger(WebhookDeliveries.class);

  /**
   * With the defaults (8 attempts from 5s) the last attempt comes about 9 minutes after the first.
   */
  static final Duration MAXIMUM_INTERVAL = Duration.ofMinutes(3);

  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

  private WebhookDeliveries() {}

  public static WebhookOutcome deliver(WebhookDelivery delivery) {
    WebhookSpec spec = delivery.webhook();
    WebhookActivities activities = Workflow.newActivityStub(WebhookActivities.class, options(spec));
    try {
      WebhookOutcome outcome = activities.deliver(delivery);
      log.info(
          "task {}: webhook {} delivered after {} attempt(s)",
          delivery.body().taskId(),
          delivery.body().event(),
          outcome.attempts());
      return outcome;
    } catch (ActivityFailure e) {
      WebhookOutcome outcome = failed(spec, e);
      log.warn(
          "task {}: webhook {} not delivered after {} attempt(s): {}",
          delivery.body().taskId(),
          delivery.body().event(),
          outcome.attempts(),
          outcome.lastError());
      return outcome;
    }
  }

  static ActivityOptions options(WebhookSpec spec) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(ATTEMPT_TIMEOUT)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setMaximumAttempts(spec.maxAttempts())
                .setInitialInterval(spec.initialInterval())
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(max(MAXIMUM_INTERVAL, spec.initialInterval()))
                .setDoNotRetry(FailureTypes.REMOTE_REJECTED, FailureTypes.INVALID_PARAMS)
                .build())
        .build();
  }

  /** The last attempt's outcome, which the activity puts in its failure's details. */
  private static WebhookOutcome failed(WebhookSpec spec, ActivityFailure e) {
    Throwable cause = e.getCause();
    if (cause instanceof TimeoutFailure timeout && timeout.getCause() != null) {
      cause = timeout.getCause();
    }
    if (cause instanceof ApplicationFailure application) {
      try {
        WebhookOutcome outcome = application.getDetails().get(WebhookOutcome.class);
        if (outcome != null) {
          return outcome;
        }
      } catch (RuntimeException ignored) {
        // no details: fall through
      }
      return new WebhookOutcome(spec.url(), false, 0, 0, application.getOriginalMessage());
    }
    return new WebhookOutcome(
        spec.url(), false, 0, 0, cause == null ? e.getMessage() : cause.getMessage());
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}

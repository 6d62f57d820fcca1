package io.taskforge.activities.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.breaker.BreakerKind;
import io.taskforge.activities.breaker.BreakerPermit;
import io.taskforge.activities.breaker.CircuitBreakers;
import io.taskforge.activities.breaker.Targets;
import io.taskforge.activities.egress.EgressHttpClient;
import io.taskforge.activities.egress.EgressOptions;
import io.taskforge.activities.egress.EgressResponse;
import io.taskforge.activities.http.HttpCalls;
import io.taskforge.workflows.TenantIds;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.webhook.WebhookActivities;
import io.taskforge.workflows.webhook.WebhookDelivery;
import io.taskforge.workflows.webhook.WebhookOutcome;
import io.taskforge.workflows.webhook.WebhookSpec;
import io.temporal.activity.Activity;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One webhook delivery attempt: POSTs the task's final state as JSON, signed with HMAC-SHA256. A
 * 2xx answer is a delivery; 5xx, 408, 429 and no answer at all are retried by Temporal; any other
 * answer is final. Every failure carries the attempt's {@link WebhookOutcome} in its details, so
 * the task can show how the last attempt went.
 *
 * <p>Deliveries go through a circuit breaker per receiver origin: when a receiver keeps failing
 * (say it is down while many tasks close), further attempts fail fast with {@code CircuitOpen} and
 * wait out the breaker instead of each delivery's retries hitting it on their own schedule.
 *
 * <p>Deliveries connect through the egress policy, for the tenant whose task it is: a receiver the
 * policy refuses fails the delivery at once with {@code EgressDenied}, never retried.
 */
public final class WebhookActivitiesImpl implements WebhookActivities {
  public static final String SIGNATURE_HEADER = "X-Taskforge-Signature";
  public static final String EVENT_HEADER = "X-Taskforge-Event";
  public static final String DELIVERY_HEADER = "X-Taskforge-Delivery";
  public static final String TIMESTAMP_HEADER = "X-Taskforge-Timestamp";

  private static final Logger log = LoggerFactory.getLogger(WebhookActivitiesImpl.class);
  private static final int MAX_ERROR_BODY = 300;

  private final WebhookSettings settings;
  private final EgressHttpClient egress;
  private final Clock clock;
  private final CircuitBreakers breakers;

  /** Temporal's own mapping: instants as ISO-8601 strings, as in the task's history. */
  private final ObjectMapper json = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  /** {@code egress} is the client every delivery connects through. */
  public WebhookActivitiesImpl(
      WebhookSettings settings, Clock clock, CircuitBreakers breakers, EgressHttpClient egress) {
    this.settings = settings;
    this.clock = clock;
    this.breakers = breakers;
    this.egress = egress;
  }

  @Override
  public WebhookOutcome deliver(WebhookDelivery delivery) {
    // Temporal counts attempts from 1 (a test environment may say 0).
    int attempt = Math.max(1, Activity.getExecutionContext().getInfo().getAttempt());
    String tenant = TenantIds.tenantOf(Activity.getExecutionContext().getInfo().getWorkflowId());
    WebhookSpec spec = delivery.webhook();
    MDC.put("taskId", delivery.body().taskId());
    MDC.put("webhookDelivery", delivery.deliveryId());
    try {
      URI uri = url(spec.url(), attempt);
      String secret =
          settings
              .secretFor(spec)
              .orElseThrow(
                  () ->
                      failure(
                          spec,
                          attempt,
                          0,
                          spec.secretRef() == null
                              ? "no webhook secret is configured (taskforge.webhooks.secret)"
                              : "unknown webhook secretRef " + spec.secretRef(),
                          FailureTypes.INVALID_PARAMS));
      byte[] body = json.writeValueAsBytes(delivery.body().forReceiver());
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(settings.requestTimeout())
              .header("Content-Type", "application/json")
              .header("User-Agent", "Taskforge-Webhooks/1")
              .header(EVENT_HEADER, delivery.body().event())
              .header(DELIVERY_HEADER, delivery.deliveryId())
              .headers(WebhookSigner.headers(secret, delivery.deliveryId(), clock.instant(), body))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      int status;
      String excerpt;
      try (BreakerPermit permit =
          breakers.acquire(
              BreakerKind.WEBHOOK,
              Targets.origin(uri),
              message -> new WebhookOutcome(spec.url(), false, attempt, 0, message))) {
        try {
          EgressResponse response =
              egress.send(
                  request,
                  EgressOptions.of("webhook", tenant, MAX_ERROR_BODY)
                      .withConnectTimeout(settings.connectTimeout()));
          status = response.statusCode();
          excerpt = new String(response.body(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          if (!Thread.currentThread().isInterrupted()) { // a cancel says nothing of the receiver
            permit.failure(e);
          }
          throw e;
        }
        if (HttpCalls.isTransient(status)) {
          permit.failure("HTTP " + status);
        } else {
          permit.success();
        }
      }
      if (status >= 200 && status < 300) {
        log.info(
            "webhook {} for task {} delivered to {} (attempt {}, HTTP {})",
            delivery.body().event(),
            delivery.body().taskId(),
            uri.getHost(),
            attempt,
            status);
        return new WebhookOutcome(spec.url(), true, attempt, status, null);
      }
      String message =
          "webhook answered HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
      boolean retryable = HttpCalls.isTransient(status);
      log.warn(
          "webhook {} for task {}: attempt {} to {} answered HTTP {}{}",
          delivery.body().event(),
          delivery.body().taskId(),
          attempt,
          uri.getHost(),
          status,
          retryable ? ", will retry" : ", giving up");
      throw failure(
          spec,
          attempt,
          status,
          message,
          retryable ? FailureTypes.REMOTE_UNAVAILABLE : FailureTypes.REMOTE_REJECTED);
    } catch (ApplicationFailure e) {
      if (!FailureTypes.EGRESS_DENIED.equals(e.getType())) {
        throw e;
      }
      // The policy logged and counted it; the task records how the delivery went.
      throw failure(spec, attempt, 0, e.getOriginalMessage(), FailureTypes.EGRESS_DENIED);
    } catch (JsonProcessingException e) {
      throw failure(
          spec, attempt, 0, "could not write the body: " + e, FailureTypes.INVALID_PARAMS);
    } catch (IOException e) {
      String message = "webhook call failed: " + (e.getMessage() == null ? e : e.getMessage());
      log.warn(
          "webhook {} for task {}: attempt {} failed: {}",
          delivery.body().event(),
          delivery.body().taskId(),
          attempt,
          message);
      throw failure(spec, attempt, 0, message, FailureTypes.REMOTE_UNAVAILABLE);
    } catch (IllegalArgumentException e) { // a malformed whsec_ secret
      throw failure(
          spec, attempt, 0, "webhook not sent: " + e.getMessage(), FailureTypes.INVALID_PARAMS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    } finally {
      MDC.remove("taskId");
      MDC.remove("webhookDelivery");
    }
  }

  private static URI url(String text, int attempt) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    WebhookOutcome outcome =
        new WebhookOutcome(text, false, attempt, 0, "not an http or https URL");
    throw ApplicationFailure.newNonRetryableFailure(
        outcome.lastError(), FailureTypes.INVALID_PARAMS, outcome);
  }

  private static ApplicationFailure failure(
      WebhookSpec spec, int attempt, int status, String message, String type) {
    WebhookOutcome outcome = new WebhookOutcome(spec.url(), false, attempt, status, message);
    return FailureTypes.REMOTE_UNAVAILABLE.equals(type)
        ? ApplicationFailure.newFailure(message, type, outcome)
        : ApplicationFailure.newNonRetryableFailure(message, type, outcome);
  }
}

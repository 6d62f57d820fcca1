package io.taskforge.activities.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.webhook.WebhookActivitiesImpl;
import io.taskforge.activities.webhook.WebhookSigner;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each alert change as JSON to {@code taskforge.resources.alerts.webhook-url}, with the
 * headers of task webhooks ({@code X-Taskforge-Event: resource.alert.raised}, {@code webhook-id},
 * {@code webhook-timestamp}) and, when a secret is configured, their signature ({@link
 * WebhookSigner}). One attempt per change, in order, on a thread of its own so a slow receiver
 * never holds up sampling; a failure is logged and dropped (the alert stays visible at {@code
 * /api/v1/system/alerts} and in the metrics).
 */
public final class AlertWebhook implements AlertListener, AutoCloseable {
  public static final String EVENT_PREFIX = "resource.alert.";

  private static final Logger log = LoggerFactory.getLogger(AlertWebhook.class);
  private static final int QUEUE_LIMIT = 100;

  private final URI url;
  private final String secret;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient http;
  private final ThreadPoolExecutor sender;
  private final ObjectMapper json = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  /**
   * The body of one POST.
   *
   * @param event {@code resource.alert.} and the kind: raised, escalated, lowered, cleared
   * @param alert the resource: cpu, memory, disk, iowait
   * @param level the level now, null when cleared
   * @param previousLevel the level before, null when raised
   * @param value the usage that caused the change, 0 to 1
   * @param threshold the threshold crossed
   * @param at when the sample was taken
   * @param host the machine
   */
  public record Body(
      String event,
      String alert,
      String level,
      String previousLevel,
      double value,
      double threshold,
      Instant at,
      String host) {}

  public AlertWebhook(URI url, String secret, Duration timeout, Clock clock) {
    this.url = url;
    this.secret = secret == null ? "" : secret;
    if (!this.secret.isEmpty()) {
      WebhookSigner.key(this.secret); // a malformed whsec_ secret fails at start, not per alert
    }
    this.timeout = timeout;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE_LIMIT),
            Thread.ofPlatform().name("alert-webhook").daemon().factory(),
            (task, executor) ->
                log.warn("alert webhook queue is full ({}): dropping an alert", QUEUE_LIMIT));
  }

  public static AlertWebhook from(ResourceSettings.Alerts settings, Clock clock) {
    return new AlertWebhook(
        URI.create(settings.webhookUrl()),
        settings.webhookSecret(),
        settings.webhookTimeout(),
        clock);
  }

  public static Body body(AlertTransition t, ResourceSample sample) {
    return new Body(
        EVENT_PREFIX + t.kind().key(),
        t.resource().key(),
        t.to() == null ? null : t.to().key(),
        t.from() == null ? null : t.from().key(),
        t.value(),
        t.threshold(),
        t.at(),
        sample.host());
  }

  @Override
  public void onTransition(AlertTransition transition, ResourceSample sample) {
    Body body = body(transition, sample);
    sender.execute(() -> send(body));
  }

  private void send(Body body) {
    try {
      byte[] bytes = json.writeValueAsBytes(body);
      // Sent once, so any unique id serves; the timestamp is the attempt's.
      String id = UUID.randomUUID().toString();
      Instant at = clock.instant();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(url)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header("User-Agent", "Taskforge-Alerts/1")
              .header(WebhookActivitiesImpl.EVENT_HEADER, body.event())
              .header(WebhookActivitiesImpl.DELIVERY_HEADER, id)
              .headers(
                  secret.isEmpty()
                      ? WebhookSigner.unsignedHeaders(id, at)
                      : WebhookSigner.headers(secret, id, at, bytes))
              .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
      HttpResponse<Void> response =
          http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        log.debug("alert webhook {} delivered (HTTP {})", body.event(), response.statusCode());
      } else {
        log.warn(
            "alert webhook {} for {} to {} answered HTTP {}",
            body.event(),
            body.alert(),
            url.getHost(),
            response.statusCode());
      }
    } catch (JsonProcessingException e) {
      log.warn("alert webhook body could not be written: {}", e.toString());
    } catch (IOException e) {
      log.warn(
          "alert webhook {} for {} to {} failed: {}",
          body.event(),
          body.alert(),
          url.getHost(),
          e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }

  @Override
  public String toString() {
    return "AlertWebhook[" + url.getHost() + "]";
  }
}

package io.taskforge.activities.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import io.taskforge.activities.LocalHttpServer;
import io.taskforge.activities.webhook.WebhookSigner;
import io.taskforge.activities.webhook.WebhookSigner.Verdict;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlertWebhookTest {
  record Received(Headers headers, byte[] body) {}

  private static final Instant SENT = Instant.parse("2026-03-01T12:00:00Z");

  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  private static Verdict verify(Received request, String secret, Instant now) {
    return WebhookSigner.verify(
        secret, request.body(), request.headers()::getFirst, now, WebhookSigner.DEFAULT_TOLERANCE);
  }

  private LocalHttpServer receiver(int status) {
    return new LocalHttpServer()
        .route(
            "/alerts",
            exchange -> {
              received.add(
                  new Received(
                      exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()));
              exchange.sendResponseHeaders(status, -1);
              exchange.close();
            });
  }

  private static AlertTransition raised() {
    return new AlertTransition(
        SystemResource.MEMORY, null, AlertLevel.WARNING, 0.87, 0.85, Samples.T0);
  }

  @Test
  void change_isPostedAsSignedJson() throws Exception {
    try (LocalHttpServer server = receiver(204);
        AlertWebhook webhook =
            new AlertWebhook(
                URI.create(server.url("/alerts")),
                "alert-secret",
                Duration.ofSeconds(5),
                Clock.fixed(SENT, ZoneOffset.UTC))) {
      webhook.onTransition(raised(), Samples.memory(0, 0.87));

      Received request = received.poll(10, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      assertThat(request.headers().getFirst("X-Taskforge-Event"))
          .isEqualTo("resource.alert.raised");
      assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
      assertThat(request.headers().getFirst("webhook-id"))
          .isNotBlank()
          .isEqualTo(request.headers().getFirst("X-Taskforge-Delivery"));
      assertThat(request.headers().getFirst("webhook-timestamp"))
          .isEqualTo(Long.toString(SENT.getEpochSecond()));
      assertThat(verify(request, "alert-secret", SENT)).isEqualTo(Verdict.VALID);
      assertThat(verify(request, "alert-secret", SENT.plus(Duration.ofMinutes(6))))
          .isEqualTo(Verdict.STALE_TIMESTAMP);
      assertThat(verify(request, "another-secret", SENT)).isEqualTo(Verdict.BAD_SIGNATURE);
      @SuppressWarnings("unchecked")
      Map<String, Object> body = new ObjectMapper().readValue(request.body(), Map.class);
      assertThat(body)
          .containsEntry("event", "resource.alert.raised")
          .containsEntry("alert", "memory")
          .containsEntry("level", "warning")
          .containsEntry("previousLevel", null)
          .containsEntry("value", 0.87)
          .containsEntry("threshold", 0.85)
          .containsEntry("at", "2026-01-01T00:00:00Z")
          .containsEntry("host", "test-host");
    }
  }

  @Test
  void noSecret_postsUnsigned() throws Exception {
    try (LocalHttpServer server = receiver(200);
        AlertWebhook webhook =
            new AlertWebhook(
                URI.create(server.url("/alerts")), "", Duration.ofSeconds(5), Clock.systemUTC())) {
      AlertTransition cleared =
          new AlertTransition(
              SystemResource.DISK, AlertLevel.CRITICAL, null, 0.5, 0.95, Samples.T0);
      webhook.onTransition(cleared, Samples.memory(0, 0.1));

      Received request = received.poll(10, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      assertThat(request.headers().getFirst("X-Taskforge-Event"))
          .isEqualTo("resource.alert.cleared");
      assertThat(request.headers().containsKey("X-Taskforge-Signature")).isFalse();
      assertThat(request.headers().containsKey("webhook-signature")).isFalse();
      assertThat(request.headers().getFirst("webhook-id")).isNotBlank();
      assertThat(request.headers().getFirst("webhook-timestamp")).isNotBlank();
    }
  }

  @Test
  void receiverAnswering500_isLoggedAndTheNextChangeStillGoesOut() throws Exception {
    try (LocalHttpServer server = receiver(500);
        AlertWebhook webhook =
            new AlertWebhook(
                URI.create(server.url("/alerts")), "", Duration.ofSeconds(5), Clock.systemUTC())) {
      webhook.onTransition(raised(), Samples.memory(0, 0.87));
      webhook.onTransition(raised(), Samples.memory(1, 0.87));

      assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
    }
  }
}

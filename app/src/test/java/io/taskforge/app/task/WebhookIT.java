package io.taskforge.app.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.taskforge.activities.webhook.WebhookSigner;
import io.taskforge.activities.webhook.WebhookSigner.Verdict;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.TaskApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Webhooks end to end: a real receiver that checks the signature and fails the first call. */
@EndToEndTest
class WebhookIT {
  private static final String SECRET = "it-webhook-secret";

  /** One request as the receiver saw it, and whether its signature checked out. */
  record Call(
      String event,
      String webhookId,
      String delivery,
      String timestamp,
      Verdict signature,
      Map<String, Object> body) {}

  @Autowired WebTestClient web;
  TaskApi api;
  HttpServer receiver;
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();

  @BeforeEach
  void setUp() throws IOException {
    api = new TaskApi(web);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          var headers = exchange.getRequestHeaders();
          // As a receiver checks a delivery: the signature, and a timestamp close to its clock.
          Verdict verdict =
              WebhookSigner.verify(
                  SECRET, body, headers::getFirst, Instant.now(), WebhookSigner.DEFAULT_TOLERANCE);
          calls.add(
              new Call(
                  headers.getFirst("X-Taskforge-Event"),
                  headers.getFirst("webhook-id"),
                  headers.getFirst("X-Taskforge-Delivery"),
                  headers.getFirst("webhook-timestamp"),
                  verdict,
                  readJson(body)));
          int status = !verdict.isValid() ? 401 : failuresLeft.getAndDecrement() > 0 ? 500 : 200;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void tearDown() {
    receiver.stop(0);
  }

  @Test
  void receiverAnswering500ThenOk_getsASignedRetry_andTheTaskShowsTwoAttempts() {
    failuresLeft.set(1);
    String id =
        api.submit(
            Map.of(
                "type",
                "sleep",
                "params",
                Map.of("duration", "50ms"),
                "webhook",
                Map.of("url", url(), "secret", SECRET, "initialInterval", "1s")));

    Map<String, Object> webhook =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> webhookOf(api.get(id)),
                w -> w != null && Boolean.TRUE.equals(w.get("delivered")));

    assertThat(webhook).containsEntry("attempts", 2).containsEntry("url", url());
    assertThat(api.get(id).get("status")).isEqualTo("COMPLETED");
    assertThat(calls).hasSize(2).extracting(Call::signature).containsOnly(Verdict.VALID);
    assertThat(calls).extracting(Call::event).containsOnly("task.completed");
    // One id for the delivery, on both attempts (the one to deduplicate on).
    assertThat(calls.get(0).webhookId())
        .isNotBlank()
        .isEqualTo(calls.get(1).webhookId())
        .isEqualTo(calls.get(0).delivery());
    assertThat(Long.parseLong(calls.get(1).timestamp()))
        .isGreaterThanOrEqualTo(Long.parseLong(calls.get(0).timestamp()));
    assertThat(calls.get(1).body())
        .containsEntry("taskId", id)
        .containsEntry("status", "COMPLETED");
  }

  @Test
  void receiverThatNeverAccepts_isRecordedAsUndeliveredWithoutFailingTheTask() {
    failuresLeft.set(Integer.MAX_VALUE);
    String id =
        api.submit(
            Map.of(
                "type",
                "sleep",
                "params",
                Map.of("duration", "10ms"),
                "webhook",
                Map.of(
                    "url", url(), "secret", SECRET, "maxAttempts", 2, "initialInterval", "500ms")));

    Map<String, Object> task = api.awaitStatus(id, "COMPLETED");
    Map<String, Object> webhook =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> webhookOf(api.get(id)),
                w ->
                    w != null
                        && !Boolean.TRUE.equals(w.get("pending"))
                        && ((Number) w.get("attempts")).intValue() == 2);

    assertThat(webhook.get("delivered")).isEqualTo(false);
    assertThat((String) webhook.get("lastError")).contains("HTTP 500");
    assertThat(task.get("status")).isEqualTo("COMPLETED");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readJson(byte[] body) throws IOException {
    return new ObjectMapper().readValue(body, Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> webhookOf(Map<String, Object> task) {
    return (Map<String, Object>) task.get("webhook");
  }

  private String url() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }
}

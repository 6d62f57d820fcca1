package io.taskforge.activities.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.LocalHttpServer;
import io.taskforge.activities.breaker.CircuitBreakers;
import io.taskforge.activities.breaker.MutableClock;
import io.taskforge.activities.breaker.TestBreakers;
import io.taskforge.activities.egress.TestEgress;
import io.taskforge.activities.webhook.WebhookSigner.Verdict;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.webhook.TaskEvent;
import io.taskforge.workflows.webhook.WebhookActivities;
import io.taskforge.workflows.webhook.WebhookDelivery;
import io.taskforge.workflows.webhook.WebhookOutcome;
import io.taskforge.workflows.webhook.WebhookSpec;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One delivery attempt against a real local HTTP server. */
class WebhookActivitiesImplTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  /** What the receiver got. */
  record Received(Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private LocalHttpServer server;
  private final List<TestActivityEnvironment> envs = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    server = new LocalHttpServer();
  }

  @AfterEach
  void tearDown() {
    server.close();
    envs.forEach(TestActivityEnvironment::close);
  }

  @Test
  void delivery_postsSignedJsonWithEventDeliveryAndTimestampHeaders() throws Exception {
    receiver(204);

    WebhookOutcome outcome =
        deliver(WebhookSettings.withSecret("default-secret"), spec(null, null));

    assertThat(outcome).isEqualTo(new WebhookOutcome(server.url("/hook"), true, 1, 204, null));
    Received request = received.get(0);
    assertThat(request.header("webhook-id")).isEqualTo("delivery-1");
    assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
    assertThat(verify(request, "default-secret", NOW)).isEqualTo(Verdict.VALID);
    // Captured and replayed later, it is refused.
    assertThat(verify(request, "default-secret", NOW.plus(Duration.ofMinutes(6))))
        .isEqualTo(Verdict.STALE_TIMESTAMP);
    // The legacy body-only signature still goes out, for one release.
    assertThat(request.header("X-Taskforge-Signature"))
        .isEqualTo(WebhookSigner.legacySignature(request.body(), "default-secret"));
    assertThat(request.header("X-Taskforge-Event")).isEqualTo("task.completed");
    assertThat(request.header("X-Taskforge-Delivery")).isEqualTo("delivery-1");
    assertThat(request.header("X-Taskforge-Timestamp"))
        .isEqualTo(Long.toString(NOW.getEpochSecond()));
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    Map<?, ?> json = new ObjectMapper().readValue(request.body(), Map.class);
    assertThat(json.get("taskId")).isEqualTo("task-1");
    assertThat(json.get("status")).isEqualTo("COMPLETED");
    assertThat(json.get("result")).isEqualTo(Map.of("rows", 3));
    assertThat(json.get("closedAt")).isEqualTo("2026-03-01T11:59:00Z");
  }

  @Test
  void secretInTheRequest_winsOverTheDefault_andSecretRefOverBoth() {
    receiver(200);
    WebhookSettings settings =
        new WebhookSettings("default-secret", Map.of("billing", "named-secret"), null, null);

    deliver(settings, spec("own-secret", null));
    deliver(settings, spec(null, "billing"));

    assertThat(verifiesWith(0, "own-secret")).isTrue();
    assertThat(verifiesWith(1, "named-secret")).isTrue();
    assertThat(verifiesWith(1, "default-secret")).isFalse();
  }

  @Test
  void serverError_isARetryableFailureCarryingTheAttemptOutcome() {
    receiver(500);

    ApplicationFailure failure = failureOf(WebhookSettings.withSecret("s"), spec(null, null));

    assertThat(failure.getType()).isEqualTo(FailureTypes.REMOTE_UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    WebhookOutcome outcome = failure.getDetails().get(WebhookOutcome.class);
    assertThat(outcome.delivered()).isFalse();
    assertThat(outcome.lastStatus()).isEqualTo(500);
    assertThat(outcome.attempts()).isEqualTo(1);
    assertThat(outcome.lastError()).contains("HTTP 500");
  }

  @Test
  void failingReceiver_opensItsBreaker_andTheNextDeliveryFailsFastWithItsOutcome() {
    receiver(502);
    MutableClock clock = new MutableClock(NOW);
    CircuitBreakers breakers = TestBreakers.tiny(clock);
    for (int i = 0; i < 4; i++) {
      assertThat(failureOf(WebhookSettings.withSecret("s"), spec(null, null), breakers).getType())
          .isEqualTo(FailureTypes.REMOTE_UNAVAILABLE);
    }

    ApplicationFailure failure =
        failureOf(WebhookSettings.withSecret("s"), spec(null, null), breakers);

    assertThat(failure.getType()).isEqualTo(FailureTypes.CIRCUIT_OPEN);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(30));
    WebhookOutcome outcome = failure.getDetails().get(WebhookOutcome.class);
    assertThat(outcome.delivered()).isFalse();
    assertThat(outcome.lastError()).contains("circuit breaker webhook:http://127.0.0.1:");
    assertThat(received).hasSize(4);
  }

  @Test
  void clientError_isFinal() {
    receiver(410);

    ApplicationFailure failure = failureOf(WebhookSettings.withSecret("s"), spec(null, null));

    assertThat(failure.getType()).isEqualTo(FailureTypes.REMOTE_REJECTED);
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void noSecretAnywhere_isFinalAndSendsNothing() {
    receiver(200);

    ApplicationFailure failure = failureOf(WebhookSettings.withSecret(""), spec(null, null));

    assertThat(failure.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
    assertThat(failure.getOriginalMessage()).doesNotContain("s3cret");
    assertThat(received).isEmpty();
  }

  @Test
  void attemptsOfOneDelivery_shareTheirIdAndEachSignsItsOwnTimestamp() {
    receiver(200);
    MutableClock clock = new MutableClock(NOW);
    WebhookSettings settings = WebhookSettings.withSecret("s");

    deliver(settings, spec(null, null), TestBreakers.defaults(), clock);
    clock.advance(Duration.ofMinutes(3));
    deliver(settings, spec(null, null), TestBreakers.defaults(), clock);

    assertThat(received).extracting(r -> r.header("webhook-id")).containsOnly("delivery-1");
    assertThat(received)
        .extracting(r -> r.header("webhook-timestamp"))
        .containsExactly(
            Long.toString(NOW.getEpochSecond()), Long.toString(NOW.getEpochSecond() + 180));
    assertThat(verify(received.get(0), "s", NOW)).isEqualTo(Verdict.VALID);
    assertThat(verify(received.get(1), "s", NOW.plus(Duration.ofMinutes(3))))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void malformedWhsecSecret_isFinalAndSendsNothing() {
    receiver(200);

    ApplicationFailure failure = failureOf(WebhookSettings.withSecret("s"), spec("whsec_%%", null));

    assertThat(failure.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("base64").doesNotContain("%%");
    assertThat(received).isEmpty();
  }

  @Test
  void legacySigner_matchesAKnownHmacSha256Vector() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSigner.legacySignature(body, "Jefe"))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  // --- helpers ---

  private void receiver(int status) {
    server.route(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
  }

  private boolean verifiesWith(int request, String secret) {
    return verify(received.get(request), secret, NOW).isValid();
  }

  private static Verdict verify(Received request, String secret, Instant now) {
    return WebhookSigner.verify(
        secret, request.body(), request::header, now, WebhookSigner.DEFAULT_TOLERANCE);
  }

  private WebhookSpec spec(String secret, String secretRef) {
    return new WebhookSpec(server.url("/hook"), secret, secretRef, 1, Duration.ofSeconds(1));
  }

  private WebhookOutcome deliver(WebhookSettings settings, WebhookSpec spec) {
    return deliver(settings, spec, TestBreakers.defaults());
  }

  private WebhookOutcome deliver(
      WebhookSettings settings, WebhookSpec spec, CircuitBreakers breakers) {
    return deliver(settings, spec, breakers, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private WebhookOutcome deliver(
      WebhookSettings settings, WebhookSpec spec, CircuitBreakers breakers, Clock clock) {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    envs.add(env);
    env.registerActivitiesImplementations(
        new WebhookActivitiesImpl(settings, clock, breakers, TestEgress.loopbackAllowed()));
    WebhookActivities activities =
        env.newActivityStub(
            WebhookActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    TaskEvent body =
        new TaskEvent(
            "task.completed",
            "task-1",
            "data_export",
            "COMPLETED",
            Map.of("rows", 3),
            null,
            null,
            1,
            NOW.minusSeconds(120),
            NOW.minusSeconds(100),
            NOW.minusSeconds(60));
    return activities.deliver(new WebhookDelivery("delivery-1", spec, body));
  }

  private ApplicationFailure failureOf(WebhookSettings settings, WebhookSpec spec) {
    return failureOf(settings, spec, TestBreakers.defaults());
  }

  private ApplicationFailure failureOf(
      WebhookSettings settings, WebhookSpec spec, CircuitBreakers breakers) {
    try {
      deliver(settings, spec, breakers);
    } catch (ActivityFailure e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
      return (ApplicationFailure) e.getCause();
    }
    throw new AssertionError("delivery was expected to fail");
  }
}

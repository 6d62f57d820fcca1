package io.taskforge.activities.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.activities.LocalHttpServer;
import io.taskforge.activities.TestTaskContext;
import io.taskforge.activities.breaker.BreakerSnapshot;
import io.taskforge.activities.breaker.CircuitBreakers;
import io.taskforge.activities.breaker.MutableClock;
import io.taskforge.activities.breaker.TestBreakers;
import io.taskforge.activities.egress.TestEgress;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskActivityInput;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code http_request} through its breaker, against a real local server that counts requests. */
class HttpRequestBreakerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final CircuitBreakers breakers = TestBreakers.tiny(clock);
  private final HttpRequestHandler handler =
      new HttpRequestHandler(TestEgress.loopbackAllowed(), breakers);
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status = 500;
  private LocalHttpServer server;
  private TestTaskContext context;

  @BeforeEach
  void setUp(@TempDir Path artifacts) {
    server =
        new LocalHttpServer()
            .route(
                "/",
                exchange -> {
                  requests.incrementAndGet();
                  LocalHttpServer.respond(exchange, status, "text/plain", "answer " + status);
                });
    context = TestTaskContext.firstAttempt(artifacts);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void serverErrors_openTheBreaker_andTheNextAttemptFailsFastWithoutARequest() {
    status = 503;
    for (int i = 0; i < 4; i++) {
      assertThat(failure(server.url("/a")).getType()).isEqualTo(FailureTypes.REMOTE_UNAVAILABLE);
    }
    clock.advance(Duration.ofSeconds(12));

    ApplicationFailure fast = failure(server.url("/another/path"));

    assertThat(fast.getType()).isEqualTo(FailureTypes.CIRCUIT_OPEN);
    assertThat(fast.isNonRetryable()).isFalse();
    assertThat(fast.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(18));
    assertThat(fast.getOriginalMessage()).contains(origin()).contains("a retry waits 18s");
    assertThat(requests).hasValue(4);
  }

  @Test
  void afterTheWait_aRecoveredServerClosesTheBreaker() throws Exception {
    status = 500;
    for (int i = 0; i < 4; i++) {
      failure(server.url("/"));
    }
    status = 200;
    clock.advance(Duration.ofSeconds(30).plusMillis(1));

    handler.handle(input(Map.of("url", server.url("/"))), context);
    assertThat(breaker().state()).isEqualTo("HALF_OPEN");
    handler.handle(input(Map.of("url", server.url("/"))), context);

    assertThat(breaker().state()).isEqualTo("CLOSED");
    assertThat(requests).hasValue(6);
  }

  @Test
  void tooManyRequests_countAgainstTheTarget() {
    status = 429;
    for (int i = 0; i < 4; i++) {
      failure(server.url("/"));
    }

    assertThat(failure(server.url("/")).getType()).isEqualTo(FailureTypes.CIRCUIT_OPEN);
  }

  @Test
  void clientErrors_areTheRequestsFault_andKeepItClosed() {
    status = 404;
    for (int i = 0; i < 10; i++) {
      assertThat(failure(server.url("/")).getType()).isEqualTo(FailureTypes.REMOTE_REJECTED);
    }

    assertThat(breaker().state()).isEqualTo("CLOSED");
    assertThat(breaker().failedCalls()).isZero();
    assertThat(requests).hasValue(10);
  }

  @Test
  void serverErrors_countEvenWhenTheTaskAcceptsNon2xx() throws Exception {
    status = 500;
    for (int i = 0; i < 4; i++) {
      handler.handle(input(Map.of("url", server.url("/"), "failOnNon2xx", false)), context);
    }

    assertThat(breaker().state()).isEqualTo("OPEN");
  }

  @Test
  void refusedConnections_countAgainstTheTarget() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/";
    for (int i = 0; i < 4; i++) {
      assertThat(failure(url).getType()).isEqualTo(FailureTypes.REMOTE_UNAVAILABLE);
    }

    assertThat(failure(url).getType()).isEqualTo(FailureTypes.CIRCUIT_OPEN);
  }

  @Test
  void aFailingOrigin_doesNotStopCallsToAnotherPortOfTheSameHost() throws Exception {
    status = 500;
    for (int i = 0; i < 4; i++) {
      failure(server.url("/"));
    }
    try (LocalHttpServer healthy = new LocalHttpServer().fixed("/", 200, "text/plain", "ok")) {
      assertThat(handler.handle(input(Map.of("url", healthy.url("/"))), context).data())
          .containsEntry("status", 200);
    }
  }

  private ApplicationFailure failure(String url) {
    Map<String, Object> params = new HashMap<>();
    params.put("url", url);
    try {
      handler.handle(input(params), context);
    } catch (ApplicationFailure e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the call succeeded");
  }

  private BreakerSnapshot breaker() {
    return breakers.snapshot().stream()
        .filter(b -> b.name().equals("http_request:" + origin()))
        .findFirst()
        .orElseThrow();
  }

  private String origin() {
    return server.url(""); // scheme://host:port
  }

  private TaskActivityInput input(Map<String, Object> params) {
    return new TaskActivityInput(
        "task-1", "http_request", handler.definition().withDefaults(params));
  }
}

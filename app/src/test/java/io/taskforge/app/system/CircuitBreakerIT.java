package io.taskforge.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.taskforge.app.support.Callers;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.TaskApi;
import io.taskforge.app.support.TestTenants;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A breaker end to end: a local server answers 500 until the {@code http_request} breaker for it
 * opens (shown by the API and the metrics), a task then fails fast with CircuitOpen without
 * reaching the server, and after the open wait a trial call to the recovered server closes the
 * breaker and the waiting task completes. The endpoints are an admin's: a breaker is every
 * tenant's.
 */
@EndToEndTest
@TestTenants
@TestPropertySource(
    properties = {
      "taskforge.worker.task-queue=circuit-breaker-it",
      "taskforge.circuit-breakers.sliding-window-type=count-based",
      "taskforge.circuit-breakers.sliding-window-size=4",
      "taskforge.circuit-breakers.minimum-calls=4",
      "taskforge.circuit-breakers.wait-in-open-state=12s",
      "taskforge.circuit-breakers.permitted-calls-in-half-open-state=1"
    })
class CircuitBreakerIT {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @Autowired WebTestClient web;
  TaskApi api;
  HttpServer server;
  final AtomicInteger status = new AtomicInteger(500);
  final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void setUp() throws IOException {
    api = new TaskApi(web);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          byte[] body = ("status " + status.get()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.stop(0);
  }

  @Test
  void failingServer_opensTheBreaker_tasksFailFast_andRecoveryClosesIt() {
    String origin = "http://127.0.0.1:" + server.getAddress().getPort();
    String name = "http_request:" + origin;

    for (int i = 0; i < 4; i++) {
      Map<String, Object> failed = api.awaitStatus(api.submit(call(origin, 1)), "FAILED");
      assertThat(failure(failed)).containsEntry("type", "RemoteUnavailable");
    }
    assertThat(requests).hasValue(4);

    Map<String, Object> open = breaker(name);
    assertThat(open)
        .containsEntry("kind", "http_request")
        .containsEntry("target", origin)
        .containsEntry("state", "OPEN")
        .containsEntry("failureRate", 100.0)
        .containsEntry("failedCalls", 4)
        .containsEntry("bufferedCalls", 4);
    assertThat(open.get("since")).isNotNull();
    assertThat(open.get("retryAt")).isNotNull();
    assertThat(prometheus())
        .anyMatch(line -> gauge(line, "resilience4j_circuitbreaker_state", name, "open", "1.0"))
        .anyMatch(line -> gauge(line, "resilience4j_circuitbreaker_state", name, "closed", "0.0"))
        .anyMatch(
            line ->
                line.startsWith("resilience4j_circuitbreaker_failure_rate{")
                    && line.contains("name=\"" + name + "\"")
                    && line.endsWith(" 100.0"));

    // The server recovers, but nothing reaches it until the breaker lets a trial call through.
    status.set(200);
    String probe = api.submit(call(origin, 1));
    String waiting = api.submit(call(origin, 5));

    Map<String, Object> fastFailure = failure(api.awaitStatus(probe, "FAILED"));
    assertThat(fastFailure).containsEntry("type", "CircuitOpen").containsEntry("attempts", 1);
    assertThat((String) fastFailure.get("message"))
        .contains("circuit breaker " + name + " is open")
        .contains("a retry waits");
    assertThat(
            await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(waiting), t -> t.get("lastAttemptError") != null)
                .get("lastAttemptError"))
        .asString()
        .contains("is open");
    assertThat(requests).hasValue(4);

    // Its next-retry delay is the breaker's remaining wait: one retry, and it goes through.
    Map<String, Object> completed = api.awaitStatus(waiting, "COMPLETED", Duration.ofSeconds(60));
    assertThat(completed.get("attempts")).isEqualTo(2);
    assertThat(requests).hasValue(5);
    Map<String, Object> closed = breaker(name);
    assertThat(closed).containsEntry("state", "CLOSED").containsEntry("bufferedCalls", 0);
    assertThat(((Number) closed.get("notPermittedCalls")).longValue()).isZero();
    assertThat(prometheus())
        .anyMatch(line -> gauge(line, "resilience4j_circuitbreaker_state", name, "closed", "1.0"));
  }

  @Test
  void reset_ofAnUnknownBreaker_is404_andWithoutAName_is422() {
    web.post()
        .uri("/api/v1/system/circuit-breakers/reset?name={name}", "http_request:http://nowhere:1")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:taskforge:problem:not-found");
    web.post()
        .uri("/api/v1/system/circuit-breakers/reset")
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("name");
  }

  @Test
  void breakers_areForAdminsOnly_anotherTenantsKeyGets403() {
    WebTestClient acme = Callers.withKey(web, TestTenants.Key.ACME);
    acme.get()
        .uri("/api/v1/system/circuit-breakers")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:taskforge:problem:forbidden");
    acme.post()
        .uri("/api/v1/system/circuit-breakers/reset?name={name}", "http_request:http://nowhere:1")
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  private static Map<String, Object> call(String origin, int maxAttempts) {
    return Map.of(
        "type",
        "http_request",
        "params",
        Map.of("url", origin + "/work"),
        "retry",
        Map.of("maxAttempts", maxAttempts));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> failure(Map<String, Object> task) {
    return (Map<String, Object>) task.get("failure");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> breaker(String name) {
    Map<String, Object> all =
        web.get()
            .uri("/api/v1/system/circuit-breakers")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    assertThat(all).containsEntry("enabled", true);
    return ((List<Map<String, Object>>) all.get("breakers"))
        .stream()
            .filter(b -> name.equals(b.get("name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no breaker " + name + " in " + all));
  }

  private List<String> prometheus() {
    // The scrape (Temporal SDK metrics included) is larger than the default 256 KB buffer.
    String text =
        web.mutate()
            .codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
            .build()
            .get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    return text.lines().toList();
  }

  private static boolean gauge(
      String line, String metric, String name, String state, String value) {
    return line.startsWith(metric + "{")
        && line.contains("name=\"" + name + "\"")
        && line.contains("state=\"" + state + "\"")
        && line.contains("caller=\"http_request\"")
        && line.endsWith(" " + value);
  }
}

package io.taskforge.activities.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.sun.net.httpserver.HttpHandler;
import io.taskforge.activities.LocalHttpServer;
import io.taskforge.activities.TestTaskContext;
import io.taskforge.activities.breaker.TestBreakers;
import io.taskforge.activities.egress.TestEgress;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpRequestHandlerTest {
  private final HttpRequestHandler handler =
      new HttpRequestHandler(TestEgress.loopbackAllowed(), TestBreakers.defaults());
  private LocalHttpServer server;
  private TestTaskContext context;

  @BeforeEach
  void setUp(@TempDir Path artifacts) {
    server =
        new LocalHttpServer()
            .fixed("/json", 200, "application/json", "{\"hello\":\"world\",\"items\":[1,2]}")
            .fixed("/broken", 500, "text/plain", "database down")
            .fixed("/missing", 404, "text/plain", "not here")
            .fixed("/busy", 429, "text/plain", "slow down")
            .fixed("/big", 200, "text/plain", "x".repeat(HttpRequestHandler.MAX_BODY_BYTES + 10))
            .route(
                "/echo",
                exchange -> {
                  String body =
                      new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                  String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                  exchange.getResponseHeaders().set("X-Method", exchange.getRequestMethod());
                  String token = exchange.getRequestHeaders().getFirst("X-Token");
                  if (token != null) {
                    exchange.getResponseHeaders().set("X-Token", token);
                  }
                  LocalHttpServer.respond(exchange, 201, contentType, body);
                });
    context = TestTaskContext.firstAttempt(artifacts);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void getOfJson_returnsParsedBody() throws Exception {
    TaskOutput output = handler.handle(input(Map.of("url", server.url("/json"))), context);

    assertThat(output.data().get("status")).isEqualTo(200);
    assertThat(output.data().get("body"))
        .isEqualTo(Map.of("hello", "world", "items", List.of(1, 2)));
    assertThat(output.data().get("headers"))
        .asInstanceOf(MAP)
        .containsEntry("content-type", "application/json");
    assertThat(output.data().get("bodyTruncated")).isEqualTo(false);
    assertThat((Long) output.data().get("durationMillis")).isNotNegative();
  }

  @Test
  void postOfObject_sendsJsonWithHeaders() throws Exception {
    TaskOutput output =
        handler.handle(
            input(
                Map.of(
                    "url", server.url("/echo"),
                    "method", "POST",
                    "headers", Map.of("X-Token", "secret"),
                    "body", Map.of("name", "report", "count", 3))),
            context);

    assertThat(output.data().get("status")).isEqualTo(201);
    assertThat(output.data().get("body")).isEqualTo(Map.of("name", "report", "count", 3));
    assertThat(output.data().get("headers"))
        .asInstanceOf(MAP)
        .containsEntry("content-type", "application/json")
        .containsEntry("x-method", "POST")
        .containsEntry("x-token", "secret");
  }

  @Test
  void putOfString_sendsItAsIs() throws Exception {
    TaskOutput output =
        handler.handle(
            input(
                Map.of(
                    "url",
                    server.url("/echo"),
                    "method",
                    "PUT",
                    "headers",
                    Map.of("Content-Type", "text/plain"),
                    "body",
                    "plain {not json}")),
            context);

    assertThat(output.data().get("body")).isEqualTo("plain {not json}");
  }

  @Test
  void serverError_failsRetryablyAsRemoteUnavailable() {
    assertFailure(
        Map.of("url", server.url("/broken")),
        failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.REMOTE_UNAVAILABLE);
          assertThat(failure.isNonRetryable()).isFalse();
          assertThat(failure.getOriginalMessage()).contains("500", "database down");
        });
  }

  @Test
  void notFound_failsWithoutRetryAsRemoteRejected() {
    assertFailure(
        Map.of("url", server.url("/missing")),
        failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.REMOTE_REJECTED);
          assertThat(failure.isNonRetryable()).isTrue();
        });
  }

  @Test
  void tooManyRequests_failsRetryably() {
    assertFailure(
        Map.of("url", server.url("/busy")),
        failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.REMOTE_UNAVAILABLE);
          assertThat(failure.isNonRetryable()).isFalse();
        });
  }

  @Test
  void notFoundWithFailOnNon2xxOff_returnsTheResponse() throws Exception {
    TaskOutput output =
        handler.handle(
            input(Map.of("url", server.url("/missing"), "failOnNon2xx", false)), context);

    assertThat(output.data().get("status")).isEqualTo(404);
    assertThat(output.data().get("body")).isEqualTo("not here");
  }

  @Test
  void connectionRefused_failsRetryablyAsRemoteUnavailable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    assertFailure(
        Map.of("url", "http://127.0.0.1:" + port + "/"),
        failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.REMOTE_UNAVAILABLE);
          assertThat(failure.isNonRetryable()).isFalse();
        });
  }

  @Test
  void hugeBody_isTruncatedAndSaysSo() throws Exception {
    TaskOutput output = handler.handle(input(Map.of("url", server.url("/big"))), context);

    assertThat(output.data().get("bodyTruncated")).isEqualTo(true);
    assertThat((String) output.data().get("body")).hasSize(HttpRequestHandler.MAX_BODY_BYTES);
  }

  @Test
  void nonHttpUrl_isRefusedBeforeAnyConnection() {
    assertFailure(
        Map.of("url", "ftp://example.com/file"),
        failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
          assertThat(failure.getOriginalMessage()).contains("params.url");
          assertThat(failure.isNonRetryable()).isTrue();
        });
  }

  @Test
  void urlWithoutHost_failsAsInvalidParams() {
    assertFailure(
        Map.of("url", "http:///path"),
        failure -> assertThat(failure.getType()).isEqualTo(FailureTypes.INVALID_PARAMS));
  }

  @Test
  void redirect_isTheAnswerUnlessTurnedOn_thenFollowed() throws Exception {
    server.route(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().set("Location", "/json");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });

    TaskOutput off =
        handler.handle(input(Map.of("url", server.url("/moved"), "failOnNon2xx", false)), context);
    TaskOutput on =
        handler.handle(
            input(Map.of("url", server.url("/moved"), "followRedirects", true)), context);

    assertThat(off.data().get("status")).isEqualTo(302);
    assertThat(on.data().get("status")).isEqualTo(200);
    assertThat(on.data().get("url")).isEqualTo(server.url("/json"));
  }

  @Test
  void headerTheClientManages_failsAsInvalidParams() {
    assertFailure(
        Map.of("url", server.url("/json"), "headers", Map.of("Host", "elsewhere")),
        failure -> assertThat(failure.getType()).isEqualTo(FailureTypes.INVALID_PARAMS));
  }

  @Test
  void everyAttempt_sendsTheTaskIdAsItsIdempotencyKey(@TempDir Path artifacts) throws Exception {
    List<List<String>> keys = new CopyOnWriteArrayList<>();
    server.route("/keyed", keyRecorder(keys));

    handler.handle(input(Map.of("url", server.url("/keyed"))), context);
    handler.handle(
        input(Map.of("url", server.url("/keyed"), "method", "POST", "body", Map.of("n", 1))),
        TestTaskContext.attempt(artifacts, 3));

    assertThat(keys).containsExactly(List.of("task-1"), List.of("task-1"));
  }

  @Test
  void idempotencyKeyInTheTasksHeaders_isSentInsteadOfTheTaskId() throws Exception {
    List<List<String>> keys = new CopyOnWriteArrayList<>();
    server.route("/keyed", keyRecorder(keys));

    handler.handle(
        input(Map.of("url", server.url("/keyed"), "headers", Map.of("idempotency-key", "order-7"))),
        context);

    assertThat(keys).containsExactly(List.of("order-7"));
  }

  /** Records the Idempotency-Key values of each request (all of them, to catch a second one). */
  private static HttpHandler keyRecorder(List<List<String>> keys) {
    return exchange -> {
      List<String> values = exchange.getRequestHeaders().get(IdempotencyKey.HEADER);
      keys.add(values == null ? List.of() : List.copyOf(values));
      LocalHttpServer.respond(exchange, 200, "text/plain", "ok");
    };
  }

  private void assertFailure(Map<String, Object> params, Consumer<ApplicationFailure> check) {
    assertThatThrownBy(() -> handler.handle(input(params), context))
        .isInstanceOfSatisfying(ApplicationFailure.class, check);
  }

  private TaskActivityInput input(Map<String, Object> params) {
    return new TaskActivityInput(
        "task-1", "http_request", handler.definition().withDefaults(params));
  }
}

package io.taskforge.app.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.TaskApi;
import io.taskforge.app.support.TemporalDevServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Tasks end to end: REST API, workflow, workers and visibility on a real dev server. */
@EndToEndTest
class TaskApiIT {
  private static HttpServer remote;

  @Autowired WebTestClient web;
  TaskApi api;

  @BeforeAll
  static void startRemoteService() throws IOException {
    remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    remote.createContext(
        "/orders",
        exchange -> {
          byte[] body = "{\"orders\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    remote.start();
  }

  @AfterAll
  static void stopRemoteService() {
    remote.stop(0);
  }

  @BeforeEach
  void setUp() {
    api = new TaskApi(web);
  }

  @Test
  void sleepTask_runsToCompletedWithTimesAndAttempts() {
    String id =
        api.submit(Map.of("type", "sleep", "name", "nap", "params", Map.of("duration", "300ms")));

    Map<String, Object> task = api.awaitStatus(id, "COMPLETED");

    assertThat(task).containsEntry("type", "sleep").containsEntry("name", "nap");
    assertThat(task.get("attempts")).isEqualTo(1);
    assertThat((Map<String, Object>) task.get("result")).containsKey("sleptMillis");
    Map<String, Object> times = (Map<String, Object>) task.get("times");
    assertThat(times.get("startedAt")).isNotNull();
    assertThat(times.get("closedAt")).isNotNull();
    assertThat(((Number) times.get("runMillis")).longValue()).isGreaterThanOrEqualTo(300);
  }

  @Test
  void httpRequestTask_callsTheEndpointAndReturnsItsJson() {
    String url = "http://127.0.0.1:" + remote.getAddress().getPort() + "/orders";
    String id = api.submit(Map.of("type", "http_request", "params", Map.of("url", url)));

    Map<String, Object> result =
        (Map<String, Object>) api.awaitStatus(id, "COMPLETED").get("result");

    assertThat(result.get("status")).isEqualTo(200);
    assertThat(result.get("body")).isEqualTo(Map.of("orders", List.of(1, 2, 3)));
  }

  @Test
  void documentProcessingTask_returnsChunksAndStatistics() {
    String text = "First sentence here. Second one follows. ".repeat(40);
    String id =
        api.submit(
            Map.of(
                "type",
                "document_processing",
                "params",
                Map.of("text", text, "chunkSize", 200, "overlap", 20)));

    Map<String, Object> result =
        (Map<String, Object>) api.awaitStatus(id, "COMPLETED").get("result");

    assertThat((List<?>) result.get("chunks")).hasSizeGreaterThan(5);
    assertThat((Map<String, Object>) result.get("statistics")).containsKey("words");
  }

  @Test
  void reportGenerationTask_writesAPdfThatCanBeDownloaded() throws Exception {
    String id =
        api.submit(
            Map.of(
                "type",
                "report_generation",
                "params",
                Map.of(
                    "title",
                    "Quarterly report",
                    "sections",
                    List.of(
                        Map.of("heading", "Summary", "text", "All good."),
                        Map.of(
                            "heading",
                            "Numbers",
                            "table",
                            Map.of(
                                "columns", List.of("region", "sales"),
                                "rows", List.of(List.of("north", 10), List.of("south", 20))))))));

    Map<String, Object> task = api.awaitStatus(id, "COMPLETED");
    Map<String, Object> artifact = ((List<Map<String, Object>>) task.get("artifacts")).getFirst();
    byte[] pdf =
        web.get()
            .uri((String) artifact.get("url"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PDF)
            .expectBody(byte[].class)
            .returnResult()
            .getResponseBody();

    assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf)))
        .isEqualTo(artifact.get("sha256"));
    assertThat(((Number) artifact.get("sizeBytes")).longValue()).isEqualTo(pdf.length);
  }

  @Test
  void dataExportTask_writesCsvWithEveryRow() {
    String id =
        api.submit(
            Map.of(
                "type",
                "data_export",
                "params",
                Map.of(
                    "columns",
                    List.of("name", "city"),
                    "format",
                    "csv",
                    "rows",
                    List.of(
                        Map.of("name", "Ada", "city", "London"),
                        Map.of("name", "Linus", "city", "Helsinki, FI")))));

    Map<String, Object> task = api.awaitStatus(id, "COMPLETED");
    Map<String, Object> artifact = ((List<Map<String, Object>>) task.get("artifacts")).getFirst();
    String csv =
        web.get()
            .uri((String) artifact.get("url"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    assertThat(csv.lines().toList())
        .containsExactly("name,city", "Ada,London", "Linus,\"Helsinki, FI\"");
  }

  @Test
  void systemMaintenanceTask_dryRunCountsWithoutDeleting() {
    String old = api.submit(TaskApi.sleep("10ms"));
    api.awaitStatus(old, "COMPLETED");

    String id =
        api.submit(
            Map.of(
                "type", "system_maintenance", "params", Map.of("olderThan", "0s", "dryRun", true)));

    Map<String, Object> result =
        (Map<String, Object>) api.awaitStatus(id, "COMPLETED").get("result");
    assertThat(((Number) result.get("wouldDelete")).intValue()).isGreaterThanOrEqualTo(1);
    api.get(old); // still there
  }

  @Test
  void systemMaintenanceTask_deletesClosedTasksOfAType() {
    String old =
        api.submit(
            Map.of("type", "sleep", "params", Map.of("duration", "10ms", "message", "to delete")));
    api.awaitStatus(old, "COMPLETED");

    String id =
        api.submit(
            Map.of(
                "type",
                "system_maintenance",
                "params",
                Map.of("olderThan", "0s", "taskType", "sleep")));
    Map<String, Object> result =
        (Map<String, Object>) api.awaitStatus(id, "COMPLETED").get("result");

    assertThat(((Number) result.get("deleted")).intValue()).isGreaterThanOrEqualTo(1);
    awaitDeleted(old);
  }

  @Test
  void listAndStats_comeFromVisibilityAndFilterByTypeAndStatus() {
    String done =
        api.submit(
            Map.of("type", "sleep", "params", Map.of("duration", "10ms"), "priority", "HIGH"));
    String pending =
        api.submit(
            Map.of("type", "sleep", "params", Map.of("duration", "10ms"), "manualStart", true));
    api.awaitStatus(done, "COMPLETED");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(ids(api.list("type=sleep&status=COMPLETED&priority=HIGH&pageSize=1000")))
                  .contains(done)
                  .doesNotContain(pending);
              assertThat(ids(api.list("type=sleep&status=PENDING&pageSize=1000")))
                  .contains(pending);
            });
    Map<String, Object> stats =
        web.get()
            .uri("/api/v1/tasks/stats")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    assertThat(
            ((Number) ((Map<String, Object>) stats.get("byStatus")).get("COMPLETED")).longValue())
        .isGreaterThanOrEqualTo(1);
    assertThat(((Number) ((Map<String, Object>) stats.get("byType")).get("sleep")).longValue())
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void listPages_followTheNextPageToken() {
    for (int i = 0; i < 3; i++) {
      api.submit(
          Map.of("type", "sleep", "params", Map.of("duration", "10ms"), "manualStart", true));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(api.list("status=PENDING&pageSize=1000"))
                    .hasSizeGreaterThanOrEqualTo(3));

    Map<String, Object> first =
        web.get()
            .uri("/api/v1/tasks?status=PENDING&pageSize=2")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    assertThat((List<?>) first.get("tasks")).hasSize(2);
    String token = (String) first.get("nextPageToken");
    assertThat(token).isNotBlank();
    Map<String, Object> second =
        web.get()
            .uri("/api/v1/tasks?status=PENDING&pageSize=2&pageToken=" + token)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    assertThat((List<?>) second.get("tasks")).isNotEmpty();
    assertThat(ids((List<Map<String, Object>>) second.get("tasks")))
        .doesNotContainAnyElementsOf(ids((List<Map<String, Object>>) first.get("tasks")));
  }

  @Test
  void cancellingARunningSleep_reachesTheWorkerAndEndsCancelled() {
    String id = api.submit(TaskApi.sleep("5m"));
    api.awaitStatus(id, "RUNNING");

    web.post().uri("/api/v1/tasks/{id}/cancel", id).exchange().expectStatus().isAccepted();

    Map<String, Object> task = api.awaitStatus(id, "CANCELLED", Duration.ofSeconds(30));
    assertThat(((Map<String, Object>) task.get("temporal")).get("executionStatus"))
        .isEqualTo("CANCELED");
    assertThat(((Map<String, Object>) task.get("failure")).get("kind")).isEqualTo("CANCELLED");
    web.post().uri("/api/v1/tasks/{id}/cancel", id).exchange().expectStatus().isEqualTo(409);
  }

  @Test
  void forceCancel_terminatesAndTheTaskListsAsCancelled() {
    String id = api.submit(TaskApi.sleep("5m"));
    api.awaitStatus(id, "RUNNING");

    web.patch()
        .uri("/api/v1/tasks/{id}/cancel?force=true", id)
        .exchange()
        .expectStatus()
        .isAccepted();

    Map<String, Object> task = api.awaitStatus(id, "CANCELLED");
    assertThat(((Map<String, Object>) task.get("temporal")).get("executionStatus"))
        .isEqualTo("TERMINATED");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(ids(api.list("status=CANCELLED&pageSize=1000"))).contains(id));
  }

  @Test
  void manualStart_staysPendingUntilExecuted() throws InterruptedException {
    String id =
        api.submit(
            Map.of("type", "sleep", "params", Map.of("duration", "10ms"), "manualStart", true));
    Thread.sleep(1000);
    assertThat(api.get(id).get("status")).isEqualTo("PENDING");

    web.post().uri("/api/v1/tasks/{id}/execute", id).exchange().expectStatus().isAccepted();

    api.awaitStatus(id, "COMPLETED");
    web.post().uri("/api/v1/tasks/{id}/execute", id).exchange().expectStatus().isEqualTo(409);
  }

  @Test
  void delayedStart_waitsForItsTime() {
    String at = java.time.Instant.now().plusSeconds(3).toString();
    String id =
        api.submit(Map.of("type", "sleep", "params", Map.of("duration", "10ms"), "startAt", at));

    assertThat(api.get(id).get("status")).isEqualTo("PENDING");
    Map<String, Object> task = api.awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));
    String startedAt = (String) ((Map<String, Object>) task.get("times")).get("startedAt");
    assertThat(java.time.Instant.parse(startedAt)).isAfterOrEqualTo(java.time.Instant.parse(at));
  }

  @Test
  void retriesExhausted_failWithKindTypeAndAttempts() {
    String id =
        api.submit(
            Map.of(
                "type", "sleep",
                "params", Map.of("duration", "10ms", "failAttempts", 5),
                "retry", Map.of("maxAttempts", 3, "initialInterval", "100ms")));

    Map<String, Object> task = api.awaitStatus(id, "FAILED");

    Map<String, Object> failure = (Map<String, Object>) task.get("failure");
    assertThat(failure).containsEntry("kind", "ERROR").containsEntry("type", "SleepFailure");
    assertThat(failure.get("attempts")).isEqualTo(3);
    assertThat(task.get("attempts")).isEqualTo(3);
  }

  @Test
  void retryThenSuccess_completesOnTheThirdAttempt() {
    String id =
        api.submit(
            Map.of(
                "type", "sleep",
                "params", Map.of("duration", "10ms", "failAttempts", 2),
                "retry", Map.of("maxAttempts", 5, "initialInterval", "100ms")));

    assertThat(api.awaitStatus(id, "COMPLETED").get("attempts")).isEqualTo(3);
  }

  @Test
  void executionTimeout_failsWithKindTimeout() {
    String id =
        api.submit(
            Map.of(
                "type", "sleep",
                "params", Map.of("duration", "1m"),
                "timeouts", Map.of("execution", "2s")));

    Map<String, Object> failure =
        (Map<String, Object>) api.awaitStatus(id, "FAILED").get("failure");

    assertThat(failure.get("kind")).isEqualTo("TIMEOUT");
    assertThat((String) failure.get("type")).startsWith("TIMEOUT_");
  }

  @Test
  void idempotencyKey_sameBodyReturnsTheSameTask_differentBodyConflicts() {
    String key = "order-" + UUID.randomUUID();
    Map<String, Object> body = Map.of("type", "sleep", "params", Map.of("duration", "10ms"));
    String first = submitWithKey(key, body, 202);
    String again = submitWithKey(key, body, 200);
    assertThat(again).isEqualTo(first);

    web.post()
        .uri("/api/v1/tasks")
        .header("Idempotency-Key", key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("type", "sleep", "params", Map.of("duration", "20ms")))
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void deleteClosedTask_removesIt_butAnOpenOneNeedsForce() {
    String closed = api.submit(TaskApi.sleep("10ms"));
    api.awaitStatus(closed, "COMPLETED");
    web.delete().uri("/api/v1/tasks/{id}", closed).exchange().expectStatus().isAccepted();
    awaitDeleted(closed);

    String open =
        api.submit(
            Map.of("type", "sleep", "params", Map.of("duration", "10ms"), "manualStart", true));
    web.delete().uri("/api/v1/tasks/{id}", open).exchange().expectStatus().isEqualTo(409);
    web.delete().uri("/api/v1/tasks/{id}?force=true", open).exchange().expectStatus().isAccepted();
  }

  @Test
  void unknownTask_is404ProblemDetails() {
    web.get()
        .uri("/api/v1/tasks/no-such-task")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:taskforge:problem:not-found");
  }

  @Test
  void searchAttributes_areVisibleToTheTemporalCli() throws Exception {
    String id =
        api.submit(
            Map.of("type", "data_export", "params", Map.of("rows", List.of(Map.of("a", 1)))));
    api.awaitStatus(id, "COMPLETED");
    TemporalDevServer server = TemporalDevServer.shared();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Process cli =
                  new ProcessBuilder(
                          server.cli().toString(),
                          "workflow",
                          "list",
                          "--address",
                          server.address(),
                          "--query",
                          "TaskType='data_export' AND TaskStatus='COMPLETED'",
                          "--output",
                          "json")
                      .redirectErrorStream(true)
                      .start();
              String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              cli.waitFor();
              assertThat(out).contains(id);
            });
  }

  private String submitWithKey(String key, Map<String, Object> body, int expectedStatus) {
    Map<String, Object> task =
        web.post()
            .uri("/api/v1/tasks")
            .header("Idempotency-Key", key)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isEqualTo(expectedStatus)
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    return (String) task.get("id");
  }

  /** Temporal deletes asynchronously; usually at once, sometimes after its pending tasks ran. */
  private void awaitDeleted(String id) {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> web.get().uri("/api/v1/tasks/{id}", id).exchange().expectStatus().isNotFound());
  }

  private static List<String> ids(List<Map<String, Object>> tasks) {
    return tasks.stream().map(t -> (String) t.get("id")).toList();
  }
}

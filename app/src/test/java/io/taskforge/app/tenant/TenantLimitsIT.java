package io.taskforge.app.tenant;

import static io.taskforge.app.tenant.TenantIsolationIT.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.support.Callers;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.GroupApi;
import io.taskforge.app.support.TaskApi;
import io.taskforge.app.support.TestTenants;
import io.taskforge.app.web.Problems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Per-tenant limits on a dev server, each tenant with limits of its own ({@link TestTenants}). */
@EndToEndTest
@TestTenants
class TenantLimitsIT {
  @Autowired WebTestClient web;

  @Test
  void overItsRate_aTenantGets429WithRetryAfter_andOtherTenantsDoNot() {
    WebTestClient limited = Callers.withKey(web, TestTenants.Key.LIMITED);
    List<EntityExchangeResult<byte[]>> results = new ArrayList<>();
    // A burst of 3, refilled at 1 a second: 6 at once cannot all pass.
    for (int i = 0; i < 6; i++) {
      results.add(limited.get().uri("/api/v1/tasks").exchange().expectBody().returnResult());
    }

    List<Integer> statuses = results.stream().map(r -> r.getStatus().value()).toList();
    assertThat(statuses.subList(0, 3)).containsOnly(200);
    assertThat(statuses).contains(429);
    EntityExchangeResult<byte[]> rejected =
        results.stream().filter(r -> r.getStatus().value() == 429).findFirst().orElseThrow();
    assertThat(rejected.getResponseHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(new String(rejected.getResponseBodyContent()))
        .contains(Problems.RATE_LIMITED.toString(), "limited");
    assertThat(Long.parseLong(rejected.getResponseHeaders().getFirst("Retry-After")))
        .isBetween(1L, 2L);
    web.get().uri("/api/v1/tasks").exchange().expectStatus().isOk();

    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> limited.get().uri("/api/v1/tasks").exchange().expectStatus().isOk());
  }

  @Test
  void atItsOpenTaskCap_aSubmissionIs429AndStartsNothing_untilATaskCloses() {
    WebTestClient capped = Callers.withKey(web, TestTenants.Key.CAPPED);
    TaskApi tasks = new TaskApi(capped);
    String first = tasks.submit(sleep("120s"));
    String second = tasks.submit(sleep("120s"));
    // The cap counts through visibility, which trails a start by a moment.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> tasks.list("pageSize=1000").stream().map(t -> t.get("id")).toList(),
            ids -> ids.contains(first) && ids.contains(second));

    String refusedId = "capped-" + UUID.randomUUID();
    Map<String, Object> refused =
        problem(
            capped
                .post()
                .uri("/api/v1/tasks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", refusedId, "type", "sleep")),
            429);
    assertThat(refused)
        .containsEntry("type", Problems.OPEN_TASK_LIMIT.toString())
        .containsEntry("limit", 2)
        .containsEntry("tenant", "capped");
    problem(capped.get().uri("/api/v1/tasks/{id}", refusedId), 404);
    problem(
        capped
            .post()
            .uri("/api/v1/task-groups")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("tasks", List.of(Map.of("name", "a", "type", "sleep")))),
        429);
    // Another tenant is not held back by this one's cap.
    new TaskApi(web).submit(sleep("1ms"));

    forceCancel(capped, first);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                capped
                    .post()
                    .uri("/api/v1/tasks")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(sleep("1ms"))
                    .exchange()
                    .returnResult(Void.class)
                    .getStatus()
                    .value(),
            status -> status == 202);
    forceCancel(capped, second);
  }

  @Test
  void literalExpansionOverItsLimit_is422AtSubmission_andStartsNothing() {
    WebTestClient small = Callers.withKey(web, TestTenants.Key.SMALL);
    String id = "small-" + UUID.randomUUID();

    Map<String, Object> refused =
        problem(
            small
                .post()
                .uri("/api/v1/task-groups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                    Map.of(
                        "id",
                        id,
                        "tasks",
                        List.of(Map.of("name", "first", "type", "sleep"), eachOfFourItems()))),
            422);

    assertThat(refused.get("errors").toString())
        .contains("tasks[1].expand", "4 items", "at most 3");
    problem(small.get().uri("/api/v1/task-groups/{id}", id), 404);
    // The same group is within the default tenant's limits.
    web.post()
        .uri("/api/v1/task-groups")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("tasks", List.of(eachOfFourItems())))
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  @Test
  @SuppressWarnings("unchecked")
  void expansionFoundOverItsLimitAtRunTime_failsThatTaskForGood() {
    GroupApi groups = new GroupApi(Callers.withKey(web, TestTenants.Key.SMALL));
    // 6 chunks of a 60-character text, known only once "split" has run.
    String id =
        groups.submit(
            Map.of(
                "tasks",
                List.of(
                    Map.of(
                        "name",
                        "split",
                        "type",
                        "document_processing",
                        "params",
                        Map.of(
                            "text",
                            "x".repeat(300),
                            "chunkSize",
                            50,
                            "overlap",
                            0,
                            "boundary",
                            "none")),
                    Map.of(
                        "name",
                        "each",
                        "type",
                        "sleep",
                        "dependsOn",
                        List.of("split"),
                        "params",
                        Map.of("duration", "1ms", "message", "{{item.text}}"),
                        "expand",
                        Map.of("type", "array", "items", "{{tasks.split.output.chunks}}")))));

    Map<String, Object> group = groups.awaitStatus(id, "FAILED", Duration.ofSeconds(90));

    Map<String, Object> each = GroupApi.task(group, "each");
    assertThat(each.get("status")).isEqualTo("FAILED");
    Map<String, Object> failure = (Map<String, Object>) each.get("failure");
    assertThat(failure.get("type")).isEqualTo("ExpansionTooLarge");
    assertThat((String) failure.get("message")).contains("6 items", "limit of 3");
  }

  /** A task expanded over 4 items: one more than the small tenant's limit of 3. */
  private static Map<String, Object> eachOfFourItems() {
    return Map.of(
        "name",
        "each",
        "type",
        "sleep",
        "params",
        Map.of("duration", "1ms", "message", "{{item}}"),
        "expand",
        Map.of("type", "array", "items", List.of("a", "b", "c", "d")));
  }

  private static void forceCancel(WebTestClient client, String taskId) {
    client
        .post()
        .uri("/api/v1/tasks/{id}/cancel?force=true", taskId)
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  private static Map<String, Object> sleep(String duration) {
    return Map.of("type", "sleep", "params", Map.of("duration", duration));
  }
}

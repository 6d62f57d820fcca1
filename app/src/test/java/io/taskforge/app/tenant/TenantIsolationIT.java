package io.taskforge.app.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.support.Callers;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.GroupApi;
import io.taskforge.app.support.ScheduleApi;
import io.taskforge.app.support.TaskApi;
import io.taskforge.app.support.TenantTasks;
import io.taskforge.app.support.TestTenants;
import io.taskforge.app.task.TaskRequestValidator;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two tenants on one dev server: the development key acts for {@code default}, a configured key for
 * {@code acme}. Whatever one tenant starts, the other can neither see nor touch: every id answers
 * 404 exactly as an unknown id does, and lists leave it out.
 */
@EndToEndTest
@TestTenants
class TenantIsolationIT {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @Autowired WebTestClient web;
  @Autowired WorkflowClient workflowClient;
  @Autowired TaskRequestValidator validator;

  WebTestClient acme;
  TaskApi mine;
  TaskApi theirs;

  @BeforeEach
  void setUp() {
    acme = Callers.withKey(web, TestTenants.Key.ACME);
    mine = new TaskApi(web);
    theirs = new TaskApi(acme);
  }

  @Test
  void anotherTenantsTask_answers404AsAnUnknownId_toEveryCall_andStaysMine() {
    String id = mine.submit(sleep("60s"));
    String unknown = "task-" + UUID.randomUUID();

    Map<String, Object> notFound = problem(acme.get().uri("/api/v1/tasks/{id}", id), 404);
    Map<String, Object> reallyUnknown = problem(acme.get().uri("/api/v1/tasks/{id}", unknown), 404);
    assertThat(notFound.get("type")).isEqualTo(reallyUnknown.get("type"));
    assertThat(notFound.get("title")).isEqualTo(reallyUnknown.get("title"));
    assertThat(notFound.get("detail")).isEqualTo("task " + id + " does not exist");
    problem(acme.post().uri("/api/v1/tasks/{id}/cancel?force=true", id), 404);
    problem(acme.post().uri("/api/v1/tasks/{id}/execute", id), 404);
    problem(acme.delete().uri("/api/v1/tasks/{id}?force=true", id), 404);
    problem(acme.get().uri("/api/v1/tasks/{id}/artifacts/result.json", id), 404);
    acme.get()
        .uri("/api/v1/tasks/{id}/events", id)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .expectStatus()
        .isNotFound();

    assertThat(mine.get(id).get("status")).isNotIn("CANCELLED", "FAILED");
    web.post()
        .uri("/api/v1/tasks/{id}/cancel?force=true", id)
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  @Test
  void eachTenantsList_holdsOnlyItsOwnTasks() {
    String mineId = mine.submit(sleep("1ms"));
    String theirsId = theirs.submit(sleep("1ms"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(ids(mine.list("type=sleep&pageSize=1000")))
                  .contains(mineId)
                  .doesNotContain(theirsId);
              assertThat(ids(theirs.list("type=sleep&pageSize=1000")))
                  .contains(theirsId)
                  .doesNotContain(mineId);
            });
    assertThat(theirs.get(theirsId).get("id")).isEqualTo(theirsId);
    problem(web.get().uri("/api/v1/tasks/{id}", theirsId), 404);
  }

  @Test
  void anotherTenantsGroup_andTheTasksInIt_answer404() {
    GroupApi groups = new GroupApi(web);
    String id =
        groups.submit(
            Map.of(
                "tasks",
                List.of(
                    Map.of("name", "a", "type", "sleep", "params", Map.of("duration", "60s")))));
    String child = id + ".a";
    // The group's task inherits the group's tenant.
    mine.awaitStatus(child, "RUNNING");

    problem(acme.get().uri("/api/v1/task-groups/{id}", id), 404);
    problem(acme.get().uri("/api/v1/task-groups/{id}/graph", id), 404);
    problem(acme.post().uri("/api/v1/task-groups/{id}/cancel", id), 404);
    problem(acme.post().uri("/api/v1/task-groups/{id}/tasks/a/retry-failed", id), 404);
    problem(acme.get().uri("/api/v1/task-groups/{id}/tasks/a/artifacts/x.json", id), 404);
    acme.get()
        .uri("/api/v1/task-groups/{id}/events", id)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .expectStatus()
        .isNotFound();
    problem(acme.get().uri("/api/v1/tasks/{id}", child), 404);
    assertThat(theirs.list("groupId=" + id)).isEmpty();
    assertThat(groupIds(acme)).doesNotContain(id);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(ids(mine.list("groupId=" + id))).containsExactly(child));
    assertThat(groupIds(web)).contains(id);

    web.post().uri("/api/v1/task-groups/{id}/cancel", id).exchange().expectStatus().isAccepted();
  }

  @Test
  void anotherTenantsAgency_answers404() {
    String id = "ag-" + UUID.randomUUID().toString().substring(0, 13);
    web.post()
        .uri("/api/v1/agencies")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("id", id, "keepOpen", true, "groups", List.of()))
        .exchange()
        .expectStatus()
        .isAccepted();

    problem(acme.get().uri("/api/v1/agencies/{id}", id), 404);
    problem(acme.post().uri("/api/v1/agencies/{id}/cancel", id), 404);
    problem(acme.post().uri("/api/v1/agencies/{id}/close", id), 404);
    problem(
        acme.post()
            .uri("/api/v1/agencies/{id}/context", id)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("k", "v")),
        404);
    acme.get()
        .uri("/api/v1/agencies/{id}/events", id)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .expectStatus()
        .isNotFound();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(agencyIds(web)).contains(id));
    assertThat(agencyIds(acme)).doesNotContain(id);

    web.get().uri("/api/v1/agencies/{id}", id).exchange().expectStatus().isOk();
    web.post().uri("/api/v1/agencies/{id}/close", id).exchange().expectStatus().isAccepted();
  }

  @Test
  void dependingOnAnotherTenantsTask_is422AsForATaskThatDoesNotExist() {
    String id = mine.submit(sleep("1ms"));

    Map<String, Object> refused =
        problem(
            acme.post()
                .uri("/api/v1/tasks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                    Map.of(
                        "type",
                        "sleep",
                        "params",
                        Map.of("duration", "1ms"),
                        "dependencies",
                        List.of(Map.of("taskId", id)))),
            422);

    assertThat(refused.get("errors").toString())
        .contains("dependencies[0].taskId", "names no existing task: " + id);
  }

  @Test
  void taskStartedWithoutATenant_belongsToTheDefaultTenant() {
    // As a task submitted before tenants existed: no Tenant search attribute.
    String id = "pre-tenant-" + UUID.randomUUID();
    TaskRequestValidator.ValidTask task =
        TenantTasks.validated(validator, "sleep", Map.of("duration", "1ms"), "default");
    TenantTasks.start(workflowClient, id, task.input(), null);

    mine.awaitStatus(id, "COMPLETED");
    problem(acme.get().uri("/api/v1/tasks/{id}", id), 404);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(ids(mine.list("type=sleep&pageSize=1000"))).contains(id));
    assertThat(ids(theirs.list("type=sleep&pageSize=1000"))).doesNotContain(id);
  }

  // --- helpers ---

  @Test
  void anotherTenantsSchedule_answers404_isNotListed_andItsRunsAreMine() {
    ScheduleApi schedules = new ScheduleApi(web);
    String id = "tenant-it-" + UUID.randomUUID().toString().substring(0, 8);
    schedules.create(
        Map.of(
            "id",
            id,
            "action",
            Map.of("task", sleep("1ms")),
            "spec",
            Map.of("interval", Map.of("every", "1h")),
            "state",
            Map.of("paused", true)));

    problem(acme.get().uri("/api/v1/schedules/{id}", id), 404);
    problem(acme.post().uri("/api/v1/schedules/{id}/pause", id), 404);
    problem(acme.post().uri("/api/v1/schedules/{id}/trigger", id), 404);
    problem(acme.delete().uri("/api/v1/schedules/{id}", id), 404);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(scheduleIds(schedules.list("pageSize=100"))).contains(id);
              assertThat(scheduleIds(new ScheduleApi(acme).list("pageSize=100")))
                  .doesNotContain(id);
            });

    // A run the schedule starts belongs to the schedule's tenant.
    schedules.command(id, "trigger", Map.of());
    Map<String, Object> schedule =
        schedules.awaitUntil(
            id, s -> !ScheduleApi.recentActions(s).isEmpty(), Duration.ofSeconds(30));
    String run = (String) ScheduleApi.recentActions(schedule).get(0).get("workflowId");
    assertThat(mine.awaitStatus(run, "COMPLETED").get("id")).isEqualTo(run);
    problem(acme.get().uri("/api/v1/tasks/{id}", run), 404);
    schedules.delete(id);
  }

  private static List<Object> scheduleIds(List<Map<String, Object>> schedules) {
    return schedules.stream().map(s -> s.get("id")).collect(java.util.stream.Collectors.toList());
  }

  private static Map<String, Object> sleep(String duration) {
    return Map.of("type", "sleep", "params", Map.of("duration", duration));
  }

  private static List<Object> ids(List<Map<String, Object>> items) {
    return items.stream().map(t -> t.get("id")).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> groupIds(WebTestClient client) {
    Map<String, Object> page =
        client
            .get()
            .uri("/api/v1/task-groups?pageSize=1000")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return ids((List<Map<String, Object>>) page.get("groups"));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> agencyIds(WebTestClient client) {
    Map<String, Object> page =
        client
            .get()
            .uri("/api/v1/agencies?pageSize=1000")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return ids((List<Map<String, Object>>) page.get("agencies"));
  }

  /** Sends the request and returns its problem body, checking the status and content type. */
  static Map<String, Object> problem(WebTestClient.RequestHeadersSpec<?> request, int status) {
    return request
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }
}

package io.taskforge.app.tenant;

import static io.taskforge.app.tenant.TenantIsolationIT.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.security.Tenancy;
import io.taskforge.app.support.Callers;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.EventsApi;
import io.taskforge.app.support.GroupApi;
import io.taskforge.app.support.ScheduleApi;
import io.taskforge.app.support.TaskApi;
import io.taskforge.app.support.TenantTasks;
import io.taskforge.app.support.TestTenants;
import io.taskforge.app.task.TaskRequestValidator;
import io.taskforge.app.task.TaskService;
import io.taskforge.workflows.task.TaskResult;
import io.taskforge.workflows.task.TaskWorkflow;
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
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Ids that tenants choose live in each tenant's own id space: the development key acts for {@code
 * default}, a configured key for {@code acme}. Both may use the same id for a task, a group, an
 * agency, a schedule and a key; neither learns that the other did, nor can break what the other
 * runs by choosing an id. Maintenance a tenant runs only reaches its own tasks.
 */
@EndToEndTest
@TestTenants
class TenantIdsIT {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @Autowired WebTestClient web;
  @Autowired WorkflowClient workflowClient;
  @Autowired TaskRequestValidator validator;
  @Autowired TaskService taskService;

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
  @SuppressWarnings("unchecked")
  void sameTaskId_inTwoTenants_bothAreCreated_andEachSeesOnlyItsOwn() {
    String id = "report-" + shortId();
    mine.submit(withId(id, sleepWith("60s", "default")));
    theirs.submit(withId(id, sleepWith("60s", "acme")));

    Map<String, Object> ours = mine.get(id);
    Map<String, Object> acmes = theirs.get(id);
    assertThat(ours).containsEntry("id", id);
    assertThat(acmes).containsEntry("id", id);
    assertThat((Map<String, Object>) ours.get("metadata")).containsEntry("owner", "default");
    assertThat((Map<String, Object>) acmes.get("metadata")).containsEntry("owner", "acme");
    // Temporal (Web UI, CLI) shows the workflow ids as they are: readable, one space per tenant.
    assertThat((Map<String, Object>) ours.get("temporal")).containsEntry("workflowId", id);
    assertThat((Map<String, Object>) acmes.get("temporal"))
        .containsEntry("workflowId", "acme/" + id);
    assertThat(workflowClient.newUntypedWorkflowStub("acme/" + id).describe().getWorkflowType())
        .isEqualTo("TaskWorkflow");

    // The same id again in the same tenant is a conflict about that tenant's own task.
    Map<String, Object> conflict =
        problem(
            acme.post()
                .uri("/api/v1/tasks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(withId(id, TaskApi.sleep("1ms"))),
            409);
    assertThat((String) conflict.get("detail")).contains(id).doesNotContain("acme/", "default");

    // Lists show API ids; each tenant's list has its own task only.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(theirs.list("type=sleep&pageSize=1000"))
                  .filteredOn(t -> id.equals(t.get("id")))
                  .singleElement()
                  .satisfies(t -> assertThat(t).containsEntry("status", "RUNNING"));
              assertThat(mine.list("type=sleep&pageSize=1000"))
                  .filteredOn(t -> id.equals(t.get("id")))
                  .hasSize(1);
            });

    // Cancelling acme's task leaves the default tenant's running.
    forceCancel(acme, id);
    theirs.awaitStatus(id, "CANCELLED");
    assertThat(mine.get(id).get("status")).isIn("SCHEDULED", "RUNNING");
    forceCancel(web, id);
  }

  @Test
  void anotherTenantsTaskId_isAsUnknownAsAnyId_andPostingItCreatesMyOwnTask() {
    String id = "squat-" + shortId();
    String unknown = "task-" + UUID.randomUUID();
    mine.submit(withId(id, sleepWith("60s", "default")));

    Map<String, Object> notFound = problem(acme.get().uri("/api/v1/tasks/{id}", id), 404);
    Map<String, Object> reallyUnknown = problem(acme.get().uri("/api/v1/tasks/{id}", unknown), 404);
    assertThat(notFound.get("title")).isEqualTo(reallyUnknown.get("title"));
    assertThat(notFound.get("detail")).isEqualTo("task " + id + " does not exist");
    problem(acme.delete().uri("/api/v1/tasks/{id}?force=true", id), 404);
    problem(acme.post().uri("/api/v1/tasks/{id}/cancel", id), 404);

    // No 409 oracle: the id is free in acme's space.
    assertThat(theirs.submit(withId(id, sleepWith("1ms", "acme")))).isEqualTo(id);
    theirs.awaitStatus(id, "COMPLETED");
    assertThat(mine.get(id).get("status")).isIn("SCHEDULED", "RUNNING");

    // A dependency names a task of the caller's own space.
    String dependent =
        theirs.submit(
            Map.of(
                "type",
                "sleep",
                "params",
                Map.of("duration", "1ms"),
                "dependencies",
                List.of(Map.of("taskId", id))));
    Map<String, Object> done = theirs.awaitStatus(dependent, "COMPLETED");
    assertThat(done.get("dependencies").toString()).contains("taskId=" + id + ",");
    forceCancel(web, id);
  }

  @Test
  void sameGroupId_inTwoTenants_bothRun_andTheirTasksKeepTheirApiIds() {
    String id = "g-" + shortId();
    Map<String, Object> group =
        Map.of(
            "id",
            id,
            "tasks",
            List.of(Map.of("name", "a", "type", "sleep", "params", Map.of("duration", "1ms"))));
    new GroupApi(web).submit(group);
    new GroupApi(acme).submit(group);

    for (WebTestClient client : List.of(web, acme)) {
      Map<String, Object> done =
          new GroupApi(client).awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));
      assertThat(done).containsEntry("id", id);
      Map<String, Object> task = GroupApi.task(done, "a");
      assertThat(task).containsEntry("taskId", id + ".a");
      assertThat(task).containsEntry("taskUrl", "/api/v1/tasks/" + id + ".a");
      assertThat(new TaskApi(client).get(id + ".a")).containsEntry("status", "COMPLETED");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(new TaskApi(client).list("groupId=" + id))
                      .extracting(t -> t.get("id"))
                      .containsExactly(id + ".a"));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void sameTaskId_withArtifacts_inTwoTenants_eachDownloadsItsOwnFile() {
    String id = "export-" + shortId();
    for (String owner : List.of("default", "acme")) {
      TaskApi api = owner.equals("default") ? mine : theirs;
      api.submit(
          Map.of(
              "id",
              id,
              "type",
              "data_export",
              "params",
              Map.of("rows", List.of(Map.of("owner", owner)), "format", "jsonl")));
    }
    for (String owner : List.of("default", "acme")) {
      WebTestClient client = owner.equals("default") ? web : acme;
      Map<String, Object> task = new TaskApi(client).awaitStatus(id, "COMPLETED");
      List<Map<String, Object>> artifacts = (List<Map<String, Object>>) task.get("artifacts");
      String url = (String) artifacts.getFirst().get("url");
      assertThat(url).startsWith("/api/v1/tasks/" + id + "/artifacts/");
      String body =
          client
              .get()
              .uri(url)
              .exchange()
              .expectStatus()
              .isOk()
              .expectBody(String.class)
              .returnResult()
              .getResponseBody();
      assertThat(body).contains("\"owner\":\"" + owner + "\"");
    }
  }

  @Test
  void anotherTenantsGroupEvents_nameItsTasksByTheirApiIds() {
    String id = "g-" + shortId();
    new GroupApi(acme)
        .submit(
            Map.of(
                "id",
                id,
                "tasks",
                List.of(
                    Map.of("name", "a", "type", "sleep", "params", Map.of("duration", "1ms")))));

    List<ServerSentEvent<Map<String, Object>>> stream =
        new EventsApi(acme).readToEnd("/api/v1/task-groups/" + id + "/events", null);

    assertThat(stream)
        .anySatisfy(e -> assertThat(e.data()).containsEntry("taskId", id + ".a"))
        .allSatisfy(e -> assertThat(String.valueOf(e.data())).doesNotContain("acme/"));
  }

  @Test
  void sameAgencyId_inTwoTenants_bothRun() {
    String id = "ag-" + shortId();
    for (WebTestClient client : List.of(web, acme)) {
      client
          .post()
          .uri("/api/v1/agencies")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("id", id, "groups", List.of(agencyGroup("work"))))
          .exchange()
          .expectStatus()
          .isAccepted();
    }
    for (WebTestClient client : List.of(web, acme)) {
      Map<String, Object> agency = awaitAgency(client, id, "COMPLETED");
      assertThat(agency).containsEntry("id", id);
      assertThat(agency.get("groups").toString()).contains("groupId=" + id + ".work,");
      new GroupApi(client).awaitStatus(id + ".work", "COMPLETED", Duration.ofSeconds(30));
    }
  }

  @Test
  void taskNamedLikeAnotherTenantsAgencyGroup_leavesTheAgencyUnharmed() {
    String agency = "ag-" + shortId();
    // acme takes the id the default tenant's agency will give its group.
    theirs.submit(withId(agency + ".work", sleepWith("60s", "acme")));

    web.post()
        .uri("/api/v1/agencies")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("id", agency, "groups", List.of(agencyGroup("work"))))
        .exchange()
        .expectStatus()
        .isAccepted();

    assertThat(awaitAgency(web, agency, "COMPLETED")).containsEntry("status", "COMPLETED");
    assertThat(theirs.get(agency + ".work").get("status")).isIn("SCHEDULED", "RUNNING");
    forceCancel(acme, agency + ".work");
  }

  @Test
  void sameScheduleId_inTwoTenants_bothExist_andEachRunBelongsToItsTenant() {
    String id = "nightly-" + shortId();
    Map<String, Object> request =
        Map.of(
            "id",
            id,
            "action",
            Map.of("task", TaskApi.sleep("1ms")),
            "spec",
            Map.of("interval", Map.of("every", "1h")),
            "state",
            Map.of("paused", true));
    ScheduleApi ours = new ScheduleApi(web);
    ScheduleApi acmes = new ScheduleApi(acme);
    ours.create(request);
    assertThat(acmes.create(request)).containsEntry("id", id);

    acmes.command(id, "trigger", Map.of());
    Map<String, Object> schedule =
        acmes.awaitUntil(id, s -> !ScheduleApi.recentActions(s).isEmpty(), Duration.ofSeconds(30));
    Map<String, Object> action = ScheduleApi.recentActions(schedule).getFirst();
    String run = (String) action.get("workflowId");
    assertThat(run).startsWith(id + "-");
    assertThat(action).containsEntry("link", "/api/v1/tasks/" + run);
    assertThat(theirs.awaitStatus(run, "COMPLETED")).containsEntry("id", run);
    problem(web.get().uri("/api/v1/tasks/{id}", run), 404);
    assertThat(ScheduleApi.recentActions(ours.get(id))).isEmpty();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(acmes.list("pageSize=1000")).extracting(s -> s.get("id")).contains(id));
    acmes.delete(id);
    assertThat(ours.get(id)).containsEntry("id", id);
    ours.delete(id);
  }

  @Test
  @SuppressWarnings("unchecked")
  void sameKeyId_inTwoTenants_bothWork_andEachIsRevokedOnItsOwn() {
    String one = "it-" + shortId();
    String two = "it-" + shortId();
    String keyOne = createKey("ci", one);
    String keyTwo = createKey("ci", two);

    // The same id again in one tenant: a conflict that names that tenant's key only.
    Map<String, Object> conflict =
        problem(
            web.post()
                .uri("/api/v1/admin/api-keys")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", "ci", "name", "again", "tenant", one)),
            409);
    assertThat((String) conflict.get("detail")).doesNotContain(two);

    Map<String, Object> listed =
        web.get()
            .uri("/api/v1/admin/api-keys?tenant={t}", two)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    assertThat((List<Map<String, Object>>) listed.get("apiKeys"))
        .singleElement()
        .satisfies(k -> assertThat(k).containsEntry("id", "ci").containsEntry("tenant", two));

    // Without ?tenant= the id is ambiguous, and the answer names neither tenant.
    Map<String, Object> ambiguous = problem(web.delete().uri("/api/v1/admin/api-keys/ci"), 409);
    assertThat((String) ambiguous.get("detail")).doesNotContain(one, two);

    web.delete()
        .uri("/api/v1/admin/api-keys/ci?tenant={t}", one)
        .exchange()
        .expectStatus()
        .isNoContent();
    Callers.withKey(web, keyOne)
        .get()
        .uri("/api/v1/tasks")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    Callers.withKey(web, keyTwo).get().uri("/api/v1/tasks").exchange().expectStatus().isOk();
    problem(web.delete().uri("/api/v1/admin/api-keys/ci?tenant={t}", one), 404);
    // Now unambiguous: the one key of that id.
    web.delete().uri("/api/v1/admin/api-keys/ci").exchange().expectStatus().isNoContent();
    Callers.withKey(web, keyTwo)
        .get()
        .uri("/api/v1/tasks")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  @SuppressWarnings("unchecked")
  void maintenanceDryRun_countsOnlyTheCallersTasks_whileTheInternalSpaceCountsEveryTenants()
      throws Exception {
    String tenant = "it-" + shortId();
    TaskApi holder = new TaskApi(Callers.withKey(web, createKey(null, tenant)));
    String own = holder.submit(TaskApi.sleep("1ms"));
    holder.awaitStatus(own, "COMPLETED");
    String others = mine.submit(TaskApi.sleep("1ms"));
    mine.awaitStatus(others, "COMPLETED");

    Map<String, Object> dryRun =
        Map.of(
            "type",
            "system_maintenance",
            "params",
            Map.of("olderThan", "1ms", "dryRun", true, "limit", 1_000_000));
    String maintenance = holder.submit(dryRun);
    Map<String, Object> result =
        (Map<String, Object>) holder.awaitStatus(maintenance, "COMPLETED").get("result");
    assertThat(result).containsEntry("wouldDelete", 1).containsEntry("dryRun", true);

    // The same run in Taskforge's own space (where the built-in clean-up schedule runs it) sees
    // every tenant's tasks: at least this tenant's and the default tenant's.
    TaskRequestValidator.ValidTask task =
        TenantTasks.validated(
            validator,
            "system_maintenance",
            Map.of("olderThan", "1ms", "dryRun", true, "limit", 1_000_000),
            Tenancy.INTERNAL_TENANT);
    String internalId = "_taskforge/maintenance-it-" + shortId();
    TaskWorkflow internal =
        workflowClient.newWorkflowStub(
            TaskWorkflow.class,
            taskService.startOptions(Tenancy.INTERNAL_TENANT, internalId, task, null).build());
    WorkflowClient.start(internal::run, task.input());
    TaskResult everyone =
        workflowClient
            .newUntypedWorkflowStub(internalId)
            .getResult(60, java.util.concurrent.TimeUnit.SECONDS, TaskResult.class);
    assertThat(((Number) everyone.output().data().get("wouldDelete")).intValue())
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void idsWithASlash_are422NamingTheField_wherever_aTenantChoosesAnId() {
    assertField(post("/api/v1/tasks", withId("acme/x", TaskApi.sleep("1ms"))), "id");
    assertField(
        post(
            "/api/v1/tasks",
            Map.of(
                "type",
                "sleep",
                "params",
                Map.of("duration", "1ms"),
                "dependencies",
                List.of(Map.of("taskId", "acme/x")))),
        "dependencies[0].taskId");
    assertField(
        post(
            "/api/v1/task-groups",
            Map.of(
                "id",
                "acme/g",
                "tasks",
                List.of(Map.of("name", "a", "type", "sleep", "params", Map.of())))),
        "id");
    assertField(
        post("/api/v1/agencies", Map.of("id", "acme/ag", "groups", List.of(agencyGroup("w")))),
        "id");
    assertField(
        post(
            "/api/v1/schedules",
            Map.of(
                "id",
                "acme/s",
                "action",
                Map.of("task", TaskApi.sleep("1ms")),
                "spec",
                Map.of("interval", Map.of("every", "1h")))),
        "id");
    assertField(
        post("/api/v1/admin/api-keys", Map.of("id", "acme/k", "name", "k", "tenant", "acme")),
        "id");
    // Reads by such an id reach nothing, in any space (refused before any lookup).
    for (String id : List.of("acme/x", "_taskforge/api-keys")) {
      web.get().uri("/api/v1/tasks/{id}", id).exchange().expectStatus().is4xxClientError();
      web.get()
          .uri("/api/v1/agencies/{id}/events", id)
          .accept(MediaType.TEXT_EVENT_STREAM)
          .exchange()
          .expectStatus()
          .is4xxClientError();
    }
  }

  // --- helpers ---

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, Object> withId(String id, Map<String, Object> task) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(task);
    copy.put("id", id);
    return copy;
  }

  private static Map<String, Object> sleepWith(String duration, String owner) {
    return Map.of(
        "type",
        "sleep",
        "params",
        Map.of("duration", duration),
        "metadata",
        Map.of("owner", owner));
  }

  private static Map<String, Object> agencyGroup(String name) {
    return Map.of(
        "name",
        name,
        "tasks",
        List.of(Map.of("name", "t", "type", "sleep", "params", Map.of("duration", "1ms"))));
  }

  private Map<String, Object> awaitAgency(WebTestClient client, String id, String status) {
    Map<String, Object> agency =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(300))
            .until(
                () ->
                    client
                        .get()
                        .uri("/api/v1/agencies/{id}", id)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody(),
                a -> List.of("COMPLETED", "FAILED", "CANCELLED").contains(a.get("status")));
    assertThat(agency.get("status")).as("agency %s: %s", id, agency).isEqualTo(status);
    return agency;
  }

  /** Makes a key for the tenant (with the id, or a generated one for null); returns the secret. */
  private String createKey(String id, String tenant) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    if (id != null) {
      body.put("id", id);
    }
    body.put("name", "tenant ids IT");
    body.put("tenant", tenant);
    Map<String, Object> created =
        web.post()
            .uri("/api/v1/admin/api-keys")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    if (id != null) {
      assertThat(created).containsEntry("id", id).containsEntry("tenant", tenant);
    }
    return (String) created.get("key");
  }

  private WebTestClient.RequestHeadersSpec<?> post(String uri, Map<String, Object> body) {
    return web.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }

  private static void assertField(WebTestClient.RequestHeadersSpec<?> request, String field) {
    Map<String, Object> refused = problem(request, 422);
    assertThat(refused.get("errors").toString()).contains("field=" + field + ",");
  }

  private static void forceCancel(WebTestClient client, String id) {
    client
        .post()
        .uri("/api/v1/tasks/{id}/cancel?force=true", id)
        .exchange()
        .expectStatus()
        .isAccepted();
  }
}

package io.taskforge.app.schedule;

import static io.taskforge.app.support.ScheduleApi.actionCount;
import static io.taskforge.app.support.ScheduleApi.recentActions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.GroupApi;
import io.taskforge.app.support.ScheduleApi;
import io.taskforge.app.support.TaskApi;
import io.taskforge.workflows.TaskSearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Schedules end to end: Temporal Schedules starting real tasks and groups on a dev server. */
@EndToEndTest
@SuppressWarnings("unchecked")
class ScheduleIT {
  private static final Duration FIRE_LIMIT = Duration.ofSeconds(20);

  @Autowired WebTestClient web;
  @Autowired WorkflowClient temporal;
  @Autowired TemporalApiClient api;
  ScheduleApi schedules;
  TaskApi tasks;
  GroupApi groups;
  final List<String> created = new ArrayList<>();

  @BeforeEach
  void setUp() {
    schedules = new ScheduleApi(web);
    tasks = new TaskApi(web);
    groups = new GroupApi(web);
  }

  /** Schedules that keep firing would load the dev server the other tests share. */
  @AfterEach
  void deleteSchedules() {
    created.forEach(schedules::delete);
  }

  @Test
  void intervalSchedule_firesRealTasks_pauseStopsIt_triggerRunsWhilePaused_resumeRestarts() {
    String id = id("every-2s");
    Map<String, Object> view =
        schedules.create(
            Map.of(
                "id",
                id,
                "description",
                "a short nap every 2 seconds",
                "spec",
                Map.of("interval", Map.of("every", "2s")),
                "action",
                Map.of(
                    "task",
                    Map.of(
                        "type",
                        "sleep",
                        "name",
                        "scheduled nap",
                        "priority",
                        "HIGH",
                        "params",
                        Map.of("duration", "100ms")))));
    assertThat(view)
        .containsEntry("id", id)
        .containsEntry("description", "a short nap every 2 seconds");
    assertThat((Map<String, Object>) view.get("spec"))
        .containsEntry("intervals", List.of(Map.of("every", "PT2S", "offset", "PT0S")));
    assertThat((Map<String, Object>) view.get("action"))
        .containsEntry("kind", "task")
        .containsEntry("type", "sleep")
        .containsEntry("name", "scheduled nap")
        .containsEntry("priority", "HIGH")
        .containsEntry("workflowIdPrefix", id);
    assertThat((Map<String, Object>) view.get("policy")).containsEntry("overlap", "SKIP");
    assertThat((List<?>) view.get("nextActionTimes")).isNotEmpty();

    // It fires: each run is a task like any other, found by the id Temporal gave it.
    Map<String, Object> fired =
        schedules.awaitUntil(id, s -> !recentActions(s).isEmpty(), FIRE_LIMIT);
    Map<String, Object> run = recentActions(fired).getFirst();
    String runId = (String) run.get("workflowId");
    assertThat(runId).matches(id + "-\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(run).containsEntry("link", "/api/v1/tasks/" + runId);
    Map<String, Object> task = tasks.awaitStatus(runId, "COMPLETED");
    assertThat(task)
        .containsEntry("type", "sleep")
        .containsEntry("name", "scheduled nap")
        .containsEntry("priority", "HIGH");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                tasks.list("type=sleep&priority=HIGH&status=COMPLETED&pageSize=1000").stream()
                    .anyMatch(t -> runId.equals(t.get("id"))));
    assertThat(
            schedules.list("type=sleep").stream()
                .filter(s -> id.equals(s.get("id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not listed")))
        .containsEntry("kind", "task")
        .containsEntry("description", "a short nap every 2 seconds");

    // Paused, it stops firing...
    Map<String, Object> paused = schedules.command(id, "pause", Map.of("note", "maintenance"));
    assertThat((Map<String, Object>) paused.get("state"))
        .containsEntry("paused", true)
        .containsEntry("note", "maintenance");
    sleep(Duration.ofSeconds(1)); // a run already due may still start
    long countWhilePaused = actionCount(schedules.get(id));
    sleep(Duration.ofSeconds(5)); // more than two intervals
    assertThat(actionCount(schedules.get(id))).isEqualTo(countWhilePaused);

    // ...but a trigger still starts a run at once, and the schedule stays paused.
    schedules.command(id, "trigger", Map.of());
    Map<String, Object> triggered =
        schedules.awaitUntil(id, s -> actionCount(s) == countWhilePaused + 1, FIRE_LIMIT);
    assertThat((Map<String, Object>) triggered.get("state")).containsEntry("paused", true);
    tasks.awaitStatus((String) recentActions(triggered).getLast().get("workflowId"), "COMPLETED");

    // Resumed, it fires again on its own.
    Map<String, Object> resumed = schedules.command(id, "resume", Map.of());
    assertThat((Map<String, Object>) resumed.get("state")).containsEntry("paused", false);
    schedules.awaitUntil(id, s -> actionCount(s) >= countWhilePaused + 2, FIRE_LIMIT);

    // Deleted, it is gone; the tasks it started stay.
    web.delete().uri("/api/v1/schedules/{id}", id).exchange().expectStatus().isNoContent();
    schedules.raw(id).expectStatus().isNotFound();
    web.delete().uri("/api/v1/schedules/{id}", id).exchange().expectStatus().isNotFound();
    assertThat(tasks.get(runId)).containsEntry("status", "COMPLETED");
  }

  @Test
  void backfill_startsTheRunsOfAPastWindow_evenWhilePaused() {
    String id = id("backfill");
    schedules.create(
        Map.of(
            "id",
            id,
            "spec",
            Map.of("cron", "*/10 * * * *"),
            "action",
            Map.of("task", TaskApi.sleep("50ms")),
            "state",
            Map.of("paused", true, "note", "only backfills")));
    Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));

    schedules.command(
        id,
        "backfill",
        Map.of(
            "start",
            base.plus(Duration.ofMinutes(5)).toString(),
            "end",
            base.plus(Duration.ofMinutes(35)).toString(),
            "overlap",
            "ALLOW_ALL"));

    // The runs the cron gives in the window (:10, :20, :30), named by their scheduled times.
    for (int minute : List.of(10, 20, 30)) {
      String runId = id + "-" + base.plus(Duration.ofMinutes(minute));
      tasks.awaitStatus(runId, "COMPLETED", FIRE_LIMIT);
    }
    Map<String, Object> after = schedules.get(id);
    assertThat(actionCount(after)).isEqualTo(3);
    assertThat(recentActions(after))
        .extracting(r -> r.get("scheduledAt"))
        .containsExactly(
            base.plus(Duration.ofMinutes(10)).toString(),
            base.plus(Duration.ofMinutes(20)).toString(),
            base.plus(Duration.ofMinutes(30)).toString());
  }

  @Test
  void backfillEndingBeforeItStarts_is422() {
    String id = id("bad-backfill");
    schedules.create(
        Map.of(
            "id",
            id,
            "spec",
            Map.of("cron", "@daily"),
            "action",
            Map.of("task", TaskApi.sleep("50ms")),
            "state",
            Map.of("paused", true)));

    web.post()
        .uri("/api/v1/schedules/{id}/backfill", id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("start", "2026-01-02T00:00:00Z", "end", "2026-01-01T00:00:00Z"))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("end");
  }

  @Test
  void groupSchedule_runsGroupsThatTheGroupApiFindsByTheirRunId() {
    String id = id("group");
    schedules.create(
        Map.of(
            "id",
            id,
            "spec",
            Map.of("cron", "0 0 1 1 *"),
            "state",
            Map.of("paused", true),
            "action",
            Map.of(
                "taskGroup",
                Map.of(
                    "name",
                    "scheduled pair",
                    "tasks",
                    List.of(
                        Map.of("name", "a", "type", "sleep", "params", Map.of("duration", "50ms")),
                        Map.of(
                            "name",
                            "b",
                            "type",
                            "sleep",
                            "dependsOn",
                            List.of("a"),
                            "params",
                            Map.of("duration", "50ms")))))));

    schedules.command(id, "trigger", Map.of());

    Map<String, Object> fired =
        schedules.awaitUntil(id, s -> !recentActions(s).isEmpty(), FIRE_LIMIT);
    Map<String, Object> run = recentActions(fired).getFirst();
    String groupId = (String) run.get("workflowId");
    assertThat(run).containsEntry("link", "/api/v1/task-groups/" + groupId);
    Map<String, Object> group = groups.awaitStatus(groupId, "COMPLETED", FIRE_LIMIT);
    assertThat(group).containsEntry("name", "scheduled pair");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> tasks.list("groupId=" + groupId).size() == 2);
    // The group's own TaskGroupId is its real id, not the prefix the schedule knew.
    assertThat(
            temporal
                .newUntypedWorkflowStub(groupId)
                .describe()
                .getTypedSearchAttributes()
                .get(TaskSearchAttributes.TASK_GROUP_ID))
        .isEqualTo(groupId);
  }

  @Test
  void cronSchedule_showsTemporalsParsedCron_andPatchKeepsTheActionAndPausedState() {
    String id = id("cron");
    Map<String, Object> view =
        schedules.create(
            Map.of(
                "id",
                id,
                "spec",
                Map.of("cron", List.of("*/5 1-3 * JAN MON-FRI"), "timeZone", "Europe/Berlin"),
                "action",
                Map.of(
                    "task",
                    Map.of(
                        "type",
                        "sleep",
                        "name",
                        "patched nap",
                        "params",
                        Map.of("duration", "50ms"))),
                "state",
                Map.of("paused", true, "note", "created paused")));
    assertThat((Map<String, Object>) view.get("spec"))
        .containsEntry("cron", List.of("*/5 1-3 * 1 1-5"))
        .containsEntry("timeZone", "Europe/Berlin");
    assertThat((Map<String, Object>) view.get("state"))
        .containsEntry("paused", true)
        .containsEntry("note", "created paused");

    Map<String, Object> patched =
        schedules.patch(
            id,
            Map.of(
                "spec",
                Map.of("interval", Map.of("every", "1h", "offset", "5m")),
                "policy",
                Map.of("overlap", "ALLOW_ALL", "catchupWindow", "10m")));

    assertThat((Map<String, Object>) patched.get("spec"))
        .containsEntry("cron", List.of())
        .containsEntry("intervals", List.of(Map.of("every", "PT1H", "offset", "PT5M")));
    assertThat((Map<String, Object>) patched.get("policy"))
        .containsEntry("overlap", "ALLOW_ALL")
        .containsEntry("catchupWindow", "PT10M");
    assertThat((Map<String, Object>) patched.get("state")).containsEntry("paused", true);
    assertThat((Map<String, Object>) patched.get("action"))
        .containsEntry("name", "patched nap")
        .containsEntry("type", "sleep");
    schedules.command(id, "trigger", Map.of());
    Map<String, Object> fired =
        schedules.awaitUntil(id, s -> !recentActions(s).isEmpty(), FIRE_LIMIT);
    assertThat(
            tasks.awaitStatus(
                (String) recentActions(fired).getFirst().get("workflowId"), "COMPLETED"))
        .containsEntry("name", "patched nap");
  }

  @Test
  void invalidCron_is422_andCreatesNothing_duplicateIdIs409() {
    String id = id("invalid");
    web.post()
        .uri("/api/v1/schedules")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "id",
                id,
                "spec",
                Map.of("cron", "0 25 * * *"),
                "action",
                Map.of("task", TaskApi.sleep("50ms"))))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("spec.cron[0]");
    schedules.raw(id).expectStatus().isNotFound();

    Map<String, Object> valid =
        Map.of(
            "id",
            id,
            "spec",
            Map.of("cron", "@daily"),
            "action",
            Map.of("task", TaskApi.sleep("50ms")),
            "state",
            Map.of("paused", true));
    schedules.create(valid);
    web.post()
        .uri("/api/v1/schedules")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(valid)
        .exchange()
        .expectStatus()
        .isEqualTo(409);
  }

  @Test
  void unknownSchedule_is404ForEveryVerb() {
    String id = id("missing");
    schedules.raw(id).expectStatus().isNotFound();
    for (String command : List.of("pause", "resume", "trigger")) {
      web.post()
          .uri("/api/v1/schedules/{id}/{command}", id, command)
          .exchange()
          .expectStatus()
          .isNotFound();
    }
    web.patch()
        .uri("/api/v1/schedules/{id}", id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("policy", Map.of("overlap", "SKIP")))
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void scheduleNotMadeByTaskforge_isNeitherShownNorControlled() {
    String id = id("foreign");
    api.schedules()
        .createSchedule(
            id,
            Schedule.newBuilder()
                .setAction(
                    ScheduleActionStartWorkflow.newBuilder()
                        .setWorkflowType("SomeoneElsesWorkflow")
                        .setOptions(
                            WorkflowOptions.newBuilder()
                                .setWorkflowId(id)
                                .setTaskQueue("elsewhere")
                                .build())
                        .build())
                .setSpec(ScheduleSpec.newBuilder().setCronExpressions(List.of("@daily")).build())
                .setState(ScheduleState.newBuilder().setPaused(true).build())
                .build(),
            ScheduleOptions.newBuilder().build());
    try {
      schedules.raw(id).expectStatus().isNotFound();
      web.delete().uri("/api/v1/schedules/{id}", id).exchange().expectStatus().isNotFound();
      web.post().uri("/api/v1/schedules/{id}/trigger", id).exchange().expectStatus().isNotFound();
      assertThat(schedules.list("pageSize=1000")).noneMatch(s -> id.equals(s.get("id")));
      assertThat(api.schedules().getHandle(id).describe().getId()).isEqualTo(id);
    } finally {
      api.schedules().getHandle(id).delete();
    }
  }

  private String id(String name) {
    String id = "it-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    created.add(id);
    return id;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

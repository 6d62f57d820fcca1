package io.taskforge.app.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.webhook.WebhookSettings;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.support.ApiSecurity;
import io.taskforge.app.support.SliceEgress;
import io.taskforge.app.task.TaskRequestValidator;
import io.taskforge.app.taskgroup.GroupFixtures;
import io.taskforge.app.taskgroup.TaskGroupRequestMapper;
import io.taskforge.app.tasktype.TaskTypeRegistry;
import io.taskforge.app.web.ApiExceptionHandler;
import io.taskforge.app.web.Blocking;
import io.taskforge.app.web.BodySizeLimitFilter;
import io.taskforge.app.web.Problems;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Validation and mapping of the schedule API; the Temporal side is a mock here. */
@SuppressWarnings("unchecked")
@WebFluxTest(controllers = ScheduleController.class)
@Import({
  ApiSecurity.class,
  SliceEgress.class,
  ApiExceptionHandler.class,
  ScheduleRequestMapper.class,
  TaskGroupRequestMapper.class,
  TaskRequestValidator.class,
  Blocking.class,
  BodySizeLimitFilter.class,
  TaskTypeRegistry.class,
  ScheduleControllerTest.Types.class
})
class ScheduleControllerTest {
  @Autowired WebTestClient web;
  @MockitoBean ScheduleService schedules;

  @TestConfiguration
  @EnableConfigurationProperties({ApiSettings.class, WorkerSettings.class, WebhookSettings.class})
  static class Types {
    @Bean
    TaskHandler echo() {
      return GroupFixtures.handler(GroupFixtures.echo());
    }
  }

  // --- create ---

  @Test
  void intervalScheduleOfATask_is201AndReachesTemporalAsSpecified() {
    when(schedules.create(eq("default"), any())).thenReturn(view("every-2s"));

    post(
            schedule(
                "every-2s",
                Map.of("interval", Map.of("every", "2s", "offset", "PT1S")),
                task("echo", Map.of("text", "hi"))),
            Map.of(
                "policy",
                Map.of("overlap", "buffer_one", "catchupWindow", "1m", "pauseOnFailure", true),
                "state",
                Map.of("paused", true, "note", "not yet")))
        .expectStatus()
        .isCreated()
        .expectHeader()
        .location("/api/v1/schedules/every-2s")
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo("every-2s");

    ScheduleRequestMapper.ValidSchedule created = captured();
    assertThat(created.id()).isEqualTo("every-2s");
    assertThat(created.spec().getIntervals())
        .containsExactly(new ScheduleIntervalSpec(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThat(created.spec().getCronExpressions()).isEmpty();
    assertThat(created.policy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE);
    assertThat(created.policy().getCatchupWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(created.policy().isPauseOnFailure()).isTrue();
    assertThat(created.state().isPaused()).isTrue();
    assertThat(created.state().getNote()).isEqualTo("not yet");
    assertThat(created.action().workflowIdPrefix()).isEqualTo("every-2s");
    assertThat(created.action().task().type().name()).isEqualTo("echo");
    assertThat(created.action().task().input().params()).containsEntry("text", "hi");
  }

  @Test
  void cronScheduleOfAGroup_keepsCronAndZone_namesRunsByTheGroupId_andSkipsOverlaps() {
    when(schedules.create(eq("default"), any())).thenReturn(view("nightly"));
    Map<String, Object> group =
        Map.of(
            "id",
            "nightly-run",
            "tasks",
            List.of(
                Map.of("name", "a", "type", "echo", "params", Map.of("text", "x")),
                Map.of(
                    "name",
                    "b",
                    "type",
                    "echo",
                    "dependsOn",
                    List.of("a"),
                    "params",
                    Map.of("text", "{{tasks.a.output.text}}"))));

    post(
            Map.of(
                "id",
                "nightly",
                "spec",
                Map.of(
                    "cron",
                    "0 3 * * MON-FRI",
                    "timeZone",
                    "Europe/Berlin",
                    "startAt",
                    "2026-01-01T00:00:00Z",
                    "endAt",
                    "2027-01-01T00:00:00Z",
                    "jitter",
                    "30s"),
                "action",
                Map.of("taskGroup", group)),
            Map.of())
        .expectStatus()
        .isCreated();

    ScheduleRequestMapper.ValidSchedule created = captured();
    assertThat(created.spec().getCronExpressions()).containsExactly("0 3 * * MON-FRI");
    assertThat(created.spec().getTimeZoneName()).isEqualTo("Europe/Berlin");
    assertThat(created.spec().getStartAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(created.spec().getEndAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(created.spec().getJitter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(created.action().workflowIdPrefix()).isEqualTo("nightly-run");
    assertThat(created.action().group().input().tasks()).hasSize(2);
    assertThat(created.policy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
  }

  @Test
  void scheduleWithoutId_getsAGeneratedOne() {
    when(schedules.create(eq("default"), any())).thenReturn(view("x"));

    post(
            Map.of("spec", Map.of("cron", List.of("@hourly")), "action", task("echo", text())),
            Map.of())
        .expectStatus()
        .isCreated();

    assertThat(captured().id()).matches("schedule-[0-9a-f]{12}");
  }

  @Test
  void invalidCron_is422NamingTheExpression_andCreatesNothing() {
    post(
            Map.of(
                "spec",
                Map.of("cron", List.of("0 3 * * *", "61 * * * *")),
                "action",
                task("echo", text())),
            Map.of())
        .expectStatus()
        .isEqualTo(422)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.INVALID_REQUEST.toString())
        .jsonPath("$.errors.length()")
        .isEqualTo(1)
        .jsonPath("$.errors[0].field")
        .isEqualTo("spec.cron[1]")
        .jsonPath("$.errors[0].message")
        .value(m -> assertThat((String) m).contains("minute '61'"));
    verifyNoInteractions(schedules);
  }

  @Test
  void badActionBody_getsTheTaskApisProblemsUnderActionTask() {
    assertThat(
            invalidFields(
                post(
                    schedule(
                        "s1",
                        Map.of("interval", Map.of("every", "1m")),
                        task("echo", Map.of("times", 99))),
                    Map.of())))
        .contains("action.task.params.text", "action.task.params.times");
    verifyNoInteractions(schedules);
  }

  @Test
  void unknownTaskTypeAndBadGroup_areNamedLikeTheirOwnApisDo() {
    assertThat(
            invalidFields(
                post(schedule("s1", Map.of("cron", "@daily"), task("nope", Map.of())), Map.of())))
        .first()
        .isEqualTo("action.task.type");

    Map<String, Object> badGroup =
        Map.of(
            "tasks",
            List.of(
                Map.of("name", "a", "type", "echo", "dependsOn", List.of("zz"), "params", text())));
    assertThat(
            invalidFields(
                post(
                    Map.of(
                        "spec", Map.of("cron", "@daily"), "action", Map.of("taskGroup", badGroup)),
                    Map.of())))
        .first(STRING)
        .startsWith("action.taskGroup.tasks[0].dependsOn");
    verifyNoInteractions(schedules);
  }

  @Test
  void actionMustBeExactlyOneOfTaskAndGroup() {
    Map<String, Object> both =
        Map.of(
            "task",
            Map.of("type", "echo", "params", text()),
            "taskGroup",
            Map.of("tasks", List.of()));
    for (Object action : List.of(both, Map.of())) {
      assertThat(
              invalidFields(
                  post(Map.of("spec", Map.of("cron", "@daily"), "action", action), Map.of())))
          .first()
          .isEqualTo("action");
    }
    verifyNoInteractions(schedules);
  }

  @Test
  void taskFieldsThatMeanNothingOnASchedule_areRefused() {
    Map<String, Object> body = new HashMap<>(Map.of("type", "echo", "params", text()));
    body.put("startAt", "2030-01-01T00:00:00Z");
    body.put("dependencies", List.of(Map.of("taskId", "t-1")));

    assertThat(
            invalidFields(
                post(
                    Map.of("spec", Map.of("cron", "@daily"), "action", Map.of("task", body)),
                    Map.of())))
        .contains("action.task.startAt", "action.task.dependencies");
  }

  @Test
  void idsTooLongForTheRunIds_areRefused() {
    String id44 = "g".repeat(44);
    Map<String, Object> group =
        Map.of("tasks", List.of(Map.of("name", "a", "type", "echo", "params", text())));

    post(
            Map.of(
                "id", id44, "spec", Map.of("cron", "@daily"), "action", Map.of("taskGroup", group)),
            Map.of())
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("id")
        .jsonPath("$.errors[0].message")
        .value(m -> assertThat((String) m).contains("at most 43"));
    verifyNoInteractions(schedules);
  }

  @Test
  void specProblems_areEachNamed() {
    Map<String, Object> spec =
        Map.of(
            "cron",
            List.of("TZ=Asia/Tokyo 0 9 * * *"),
            "timeZone",
            "Europe/Berlin",
            "startAt",
            "2027-01-01T00:00:00Z",
            "endAt",
            "2026-01-01T00:00:00Z",
            "jitter",
            "soon",
            "interval",
            Map.of("every", "10m", "offset", "10m"));

    assertThat(invalidFields(post(schedule("s1", spec, task("echo", text())), Map.of())))
        .containsExactlyInAnyOrder(
            "spec.cron[0]", "spec.endAt", "spec.jitter", "spec.interval.offset");
  }

  @Test
  void specNeedsCronOrInterval_andIntervalsOfAtLeastASecond() {
    assertThat(
            invalidFields(
                post(schedule("s1", Map.of("timeZone", "UTC"), task("echo", text())), Map.of())))
        .first()
        .isEqualTo("spec");
    assertThat(
            invalidFields(
                post(
                    schedule(
                        "s1", Map.of("interval", Map.of("every", "500ms")), task("echo", text())),
                    Map.of())))
        .first()
        .isEqualTo("spec.interval.every");
    assertThat(invalidFields(post(Map.of("action", task("echo", text())), Map.of())))
        .first()
        .isEqualTo("spec");
    verifyNoInteractions(schedules);
  }

  @Test
  void policyProblems_areNamed() {
    post(
            schedule("s1", Map.of("cron", "@daily"), task("echo", text())),
            Map.of("policy", Map.of("overlap", "SOMETIMES", "catchupWindow", "5s")))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[*].field")
        .value(
            fields ->
                assertThat((List<Object>) fields)
                    .containsExactly("policy.overlap", "policy.catchupWindow"))
        .jsonPath("$.errors[0].message")
        .value(
            m ->
                assertThat((String) m)
                    .contains(
                        "SKIP, BUFFER_ONE, BUFFER_ALL, CANCEL_OTHER, TERMINATE_OTHER, ALLOW_ALL"));
  }

  @Test
  void duplicateId_is409() {
    when(schedules.create(eq("default"), any()))
        .thenThrow(Problems.conflict("a schedule with id s1 already exists"));

    post(schedule("s1", Map.of("cron", "@daily"), task("echo", text())), Map.of())
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.CONFLICT.toString());
  }

  @Test
  void temporalUnreachable_is503WithRetryAfter() {
    when(schedules.create(eq("default"), any()))
        .thenThrow(new ScheduleException(new StatusRuntimeException(Status.UNAVAILABLE)));
    when(schedules.get("default", "s1")).thenThrow(new StatusRuntimeException(Status.UNAVAILABLE));

    post(schedule("s1", Map.of("cron", "@daily"), task("echo", text())), Map.of())
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .exists("Retry-After")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.TEMPORAL_UNAVAILABLE.toString());
    web.get().uri("/api/v1/schedules/s1").exchange().expectStatus().isEqualTo(503);
  }

  // --- update, commands, list ---

  @Test
  void patch_passesOnlyWhatItChanges() {
    when(schedules.update(eq("default"), eq("s1"), any())).thenReturn(view("s1"));

    web.patch()
        .uri("/api/v1/schedules/s1")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "spec",
                Map.of("interval", Map.of("every", "PT5M")),
                "policy",
                Map.of("overlap", "ALLOW_ALL")))
        .exchange()
        .expectStatus()
        .isOk();

    ArgumentCaptor<ScheduleRequestMapper.ValidUpdate> update =
        ArgumentCaptor.forClass(ScheduleRequestMapper.ValidUpdate.class);
    verify(schedules).update(eq("default"), eq("s1"), update.capture());
    assertThat(update.getValue().action()).isNull();
    assertThat(update.getValue().spec().getIntervals())
        .containsExactly(new ScheduleIntervalSpec(Duration.ofMinutes(5), Duration.ZERO));
    assertThat(update.getValue().policy().overlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);
    assertThat(update.getValue().policy().catchupWindow()).isNull();
    assertThat(update.getValue().policy().pauseOnFailure()).isNull();
  }

  @Test
  void emptyPatch_is422() {
    web.patch()
        .uri("/api/v1/schedules/s1")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of())
        .exchange()
        .expectStatus()
        .isEqualTo(422);
    verifyNoInteractions(schedules);
  }

  @Test
  void backfill_refusesEndBeforeStartAndMissingBounds() {
    command("backfill", Map.of("start", "2026-01-02T00:00:00Z", "end", "2026-01-01T00:00:00Z"))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("end")
        .jsonPath("$.errors[0].message")
        .isEqualTo("must be after start");
    assertThat(invalidFields(command("backfill", Map.of("end", "yesterday"))))
        .containsExactly("start", "end");
    verify(schedules, never()).backfill(anyString(), anyString(), any());
  }

  @Test
  void backfill_passesTheWindowAndOverlap() {
    when(schedules.backfill(eq("default"), eq("s1"), any())).thenReturn(view("s1"));

    command(
            "backfill",
            Map.of(
                "start", "2026-01-01T00:00:00Z",
                "end", "2026-01-01T01:00:00Z",
                "overlap", "ALLOW_ALL"))
        .expectStatus()
        .isAccepted();

    verify(schedules)
        .backfill(
            "default",
            "s1",
            new ScheduleRequestMapper.ValidBackfill(
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T01:00:00Z"),
                ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL));
  }

  @Test
  void trigger_withoutBodyUsesTheSchedulesPolicy_andABadOverlapIs422() {
    when(schedules.trigger(eq("default"), eq("s1"), any())).thenReturn(view("s1"));

    web.post().uri("/api/v1/schedules/s1/trigger").exchange().expectStatus().isAccepted();
    verify(schedules)
        .trigger("default", "s1", ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED);

    command("trigger", Map.of("overlap", "TERMINATE_OTHER")).expectStatus().isAccepted();
    verify(schedules)
        .trigger("default", "s1", ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER);

    assertThat(invalidFields(command("trigger", Map.of("overlap", "NEVER"))))
        .first()
        .isEqualTo("overlap");
  }

  @Test
  void pause_passesTheNoteOrNone() {
    when(schedules.pause(eq("default"), eq("s1"), any())).thenReturn(view("s1"));
    when(schedules.pause("default", "s1", null)).thenReturn(view("s1"));

    command("pause", Map.of("note", "maintenance window")).expectStatus().isOk();
    web.post().uri("/api/v1/schedules/s1/pause").exchange().expectStatus().isOk();

    verify(schedules).pause("default", "s1", "maintenance window");
    verify(schedules).pause("default", "s1", null);
  }

  @Test
  void unknownSchedule_is404() {
    when(schedules.get("default", "nope")).thenThrow(Problems.notFound("schedule", "nope"));

    web.get()
        .uri("/api/v1/schedules/nope")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.NOT_FOUND.toString());
  }

  @Test
  void listFilters_areChecked() {
    when(schedules.list("default", "sleep", true, 10, null))
        .thenReturn(new SchedulePage(List.of(), null));

    web.get()
        .uri("/api/v1/schedules?type=sleep&paused=true&pageSize=10")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.schedules.length()")
        .isEqualTo(0);
    assertThat(invalidFields(web.get().uri("/api/v1/schedules?paused=maybe&pageSize=0").exchange()))
        .containsExactly("paused", "pageSize");
  }

  @Test
  void listQuery_selectsTheTenantsTaskforgeSchedules() {
    assertThat(ScheduleAttributes.listQuery("default", null, null))
        .isEqualTo("TaskType IS NOT NULL AND (Tenant = 'default' OR Tenant IS NULL)");
    assertThat(ScheduleAttributes.listQuery("acme", "it's", false))
        .isEqualTo(
            "TaskType IS NOT NULL AND TaskType = 'it\\'s' AND TemporalSchedulePaused = false"
                + " AND Tenant = 'acme'");
  }

  @Test
  void owned_onlyTaskforgeSchedulesOfTheTenant() {
    assertThat(ScheduleAttributes.owned(Map.of("TaskType", "sleep"), "default")).isTrue();
    assertThat(ScheduleAttributes.owned(Map.of("TaskType", "sleep"), "acme")).isFalse();
    assertThat(ScheduleAttributes.owned(Map.of("TaskType", "sleep", "Tenant", "acme"), "acme"))
        .isTrue();
    assertThat(ScheduleAttributes.owned(Map.of("Tenant", "acme"), "acme")).isFalse();
  }

  // --- helpers ---

  private WebTestClient.ResponseSpec post(Map<String, Object> body, Map<String, Object> extra) {
    Map<String, Object> request = new HashMap<>(body);
    request.putAll(extra);
    return web.post()
        .uri("/api/v1/schedules")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(request)
        .exchange();
  }

  private WebTestClient.ResponseSpec command(String command, Map<String, Object> body) {
    return web.post()
        .uri("/api/v1/schedules/s1/" + command)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  /** Expects a 422 and gives the fields its errors name, in order. */
  private static List<String> invalidFields(WebTestClient.ResponseSpec response) {
    List<String> fields = new ArrayList<>();
    response
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[*].field")
        .value(f -> fields.addAll((List<String>) f));
    return fields;
  }

  private ScheduleRequestMapper.ValidSchedule captured() {
    ArgumentCaptor<ScheduleRequestMapper.ValidSchedule> created =
        ArgumentCaptor.forClass(ScheduleRequestMapper.ValidSchedule.class);
    verify(schedules).create(eq("default"), created.capture());
    return created.getValue();
  }

  private static Map<String, Object> schedule(
      String id, Map<String, Object> spec, Map<String, Object> action) {
    return Map.of("id", id, "spec", spec, "action", action);
  }

  private static Map<String, Object> task(String type, Map<String, Object> params) {
    return Map.of("task", Map.of("type", type, "params", params));
  }

  private static Map<String, Object> text() {
    return Map.of("text", "hi");
  }

  private static ScheduleView view(String id) {
    return new ScheduleView(
        id,
        null,
        new ScheduleView.ActionView("task", "echo", "echo", "NORMAL", id, "taskforge"),
        new ScheduleView.SpecView(List.of(), List.of(), null, null, null, null),
        new ScheduleView.PolicyView("SKIP", null, false),
        new ScheduleView.StateView(false, null),
        new ScheduleView.InfoView(0, 0, 0, Instant.EPOCH, null),
        List.of(),
        List.of(),
        List.of());
  }
}

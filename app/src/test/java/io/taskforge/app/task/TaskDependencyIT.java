package io.taskforge.app.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.TaskApi;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Dependencies between standalone tasks end to end, on a real dev server. */
@EndToEndTest
class TaskDependencyIT {
  @Autowired WebTestClient web;
  @Autowired TemporalApiClient temporal;
  TaskApi api;

  @BeforeEach
  void setUp() {
    api = new TaskApi(web);
  }

  @Test
  @SuppressWarnings("unchecked")
  void chainAtoBtoC_waitsThenCompletesInOrder() {
    String a = api.submit(sleep("a", "1500ms"));
    String b = api.submit(dependent(sleep("b", "100ms"), a, null));
    String c = api.submit(dependent(sleep("c", "100ms"), b, null));

    assertThat(api.get(b).get("status")).isEqualTo("WAITING");
    assertThat(api.list("status=WAITING")).extracting(t -> t.get("id")).contains(b, c);
    Map<String, Object> last = api.awaitStatus(c, "COMPLETED");

    // A dependent is told before its dependency's close event is written, so compare with the
    // end of the dependency's work: its start plus its sleep.
    Instant aDone = startedAt(api.get(a)).plusMillis(1500);
    Instant bStarted = startedAt(api.get(b));
    assertThat(bStarted).isAfterOrEqualTo(aDone);
    assertThat(startedAt(last)).isAfterOrEqualTo(bStarted.plusMillis(100));
    assertThat(closedAt(api.get(a))).isBefore(closedAt(api.get(b)));
    assertThat(closedAt(api.get(b))).isBefore(closedAt(last));
    List<Map<String, Object>> deps = (List<Map<String, Object>>) last.get("dependencies");
    assertThat(deps)
        .containsExactly(
            Map.of(
                "taskId",
                b,
                "requiredStatus",
                "COMPLETED",
                "status",
                "COMPLETED",
                "satisfied",
                true));
  }

  @Test
  void dependencyThatFails_skipsTheDependentWithAReason() {
    Map<String, Object> failing = new HashMap<>(sleep("f", "10ms"));
    failing.put("params", Map.of("duration", "10ms", "failAttempts", 5));
    failing.put("retry", Map.of("maxAttempts", 1));
    String f = api.submit(failing);
    String d = api.submit(dependent(sleep("d", "10ms"), f, "COMPLETED"));

    Map<String, Object> skipped = api.awaitStatus(d, "SKIPPED");

    assertThat(api.get(f).get("status")).isEqualTo("FAILED");
    assertThat((String) skipped.get("reason")).contains("dependency " + f + " ended FAILED");
    assertThat(api.list("status=SKIPPED")).extracting(t -> t.get("id")).contains(d);
  }

  @Test
  void unknownDependency_is422NamingTheField() {
    web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(dependent(sleep("x", "10ms"), "no-such-task-" + UUID.randomUUID(), null))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("dependencies[0].taskId");
  }

  /**
   * The closing race, provoked 30 times. Each round submits a dependency that sleeps 20 ms and then
   * submits its dependent after a delay that sweeps, round by round, from 0 to 58 ms in 2 ms steps
   * (all rounds run concurrently, so the whole test is bounded by the slowest round). A dependency
   * closes about 20-40 ms after submission (its sleep plus a workflow task), so the sweep lands
   * dependents' {@code registerDependent} signals before, during and after the dependency's last
   * workflow task: some are handled before it closes, some arrive while its completion is being
   * sent (the server rejects the completion, UNHANDLED_COMMAND, and the workflow task runs again
   * with the signal), and some find it closed (the signal is refused and the dependent looks the
   * final status up). Every dependent must end COMPLETED; none may stay WAITING. The rounds that
   * hit each path are counted from the histories and printed.
   */
  @Test
  void dependentsSubmittedWhileTheirDependencyCloses_allComplete() throws Exception {
    int rounds = 30;
    List<String> dependencies = new ArrayList<>();
    List<String> dependents = new ArrayList<>();
    ScheduledExecutorService timer = Executors.newScheduledThreadPool(8);
    try {
      List<java.util.concurrent.ScheduledFuture<String>> submitted = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        String dependency = api.submit(sleep("race-dep-" + i, "20ms"));
        dependencies.add(dependency);
        submitted.add(
            timer.schedule(
                () -> api.submit(dependent(sleep("race-" + dependency, "1ms"), dependency, null)),
                2L * i,
                TimeUnit.MILLISECONDS));
      }
      for (var future : submitted) {
        dependents.add(future.get(30, TimeUnit.SECONDS));
      }
    } finally {
      timer.shutdownNow();
    }

    for (String dependent : dependents) {
      api.awaitStatus(dependent, "COMPLETED", Duration.ofSeconds(60));
    }

    int rejectedCompletions = 0;
    for (String dependency : dependencies) {
      rejectedCompletions += (int) unhandledCommandFailures(dependency);
    }
    int lookedUp = 0;
    for (String dependent : dependents) {
      lookedUp +=
          history(dependent).stream().anyMatch(HistoryEvent::hasMarkerRecordedEventAttributes)
              ? 1
              : 0;
    }
    System.out.printf(
        "closing race: %d rounds, %d dependents resolved by lookup (dependency already closed),"
            + " %d completions rejected for an unhandled registration%n",
        rounds, lookedUp, rejectedCompletions);
  }

  // --- helpers ---

  private long unhandledCommandFailures(String workflowId) {
    return history(workflowId).stream()
        .filter(HistoryEvent::hasWorkflowTaskFailedEventAttributes)
        .filter(
            e ->
                e.getWorkflowTaskFailedEventAttributes().getCause()
                    == WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND)
        .count();
  }

  private List<HistoryEvent> history(String workflowId) {
    return temporal.workflows().fetchHistory(workflowId).getEvents();
  }

  private static Map<String, Object> sleep(String name, String duration) {
    return Map.of(
        "id",
        name + "-" + UUID.randomUUID(),
        "type",
        "sleep",
        "params",
        Map.of("duration", duration));
  }

  private static Map<String, Object> dependent(
      Map<String, Object> task, String dependency, String requiredStatus) {
    Map<String, Object> request = new HashMap<>(task);
    Map<String, Object> dep = new HashMap<>();
    dep.put("taskId", dependency);
    if (requiredStatus != null) {
      dep.put("requiredStatus", requiredStatus);
    }
    request.put("dependencies", List.of(dep));
    return request;
  }

  @SuppressWarnings("unchecked")
  private static Instant closedAt(Map<String, Object> task) {
    return Instant.parse((String) ((Map<String, Object>) task.get("times")).get("closedAt"));
  }

  @SuppressWarnings("unchecked")
  private static Instant startedAt(Map<String, Object> task) {
    return Instant.parse((String) ((Map<String, Object>) task.get("times")).get("startedAt"));
  }
}

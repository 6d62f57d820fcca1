package io.taskforge.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.GroupApi;
import io.taskforge.app.support.PrometheusText;
import io.taskforge.app.support.TaskApi;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The app's Prometheus endpoint after real work: tasks that complete, fail after a retry and are
 * cancelled (one running, one before it ever reached a worker), and a group with an expansion.
 * Counts are compared with a scrape taken before, since other tests share the application context.
 */
@EndToEndTest
class MetricsIT {
  private static final Map<String, String> LOW_SLEEP = Map.of("type", "sleep", "priority", "LOW");

  @Autowired WebTestClient web;

  @Test
  void workThatRan_movesTheTaskGroupExpansionQueueSdkAndHttpMetrics() {
    TaskApi tasks = new TaskApi(web);
    GroupApi groups = new GroupApi(web);
    PrometheusText before = scrape();

    String completes = tasks.submit(lowSleep(Map.of("duration", "10ms")));
    Map<String, Object> failing = lowSleep(Map.of("duration", "0s", "failAttempts", 5));
    failing.put("retry", Map.of("maxAttempts", 2, "initialInterval", "100ms"));
    String fails = tasks.submit(failing);
    String cancelledRunning = tasks.submit(lowSleep(Map.of("duration", "60s")));
    Map<String, Object> manual = lowSleep(Map.of("duration", "1s"));
    manual.put("manualStart", true);
    String cancelledPending = tasks.submit(manual);
    String group =
        groups.submit(
            Map.of(
                "tasks",
                List.of(
                    Map.of(
                        "name",
                        "fan",
                        "type",
                        "sleep",
                        "params",
                        Map.of("duration", "1ms", "message", "item {{item}}"),
                        "expand",
                        Map.of("type", "array", "items", List.of(1, 2, 3, 4, 5))))));

    tasks.awaitStatus(completes, "COMPLETED");
    tasks.awaitStatus(fails, "FAILED");
    tasks.awaitStatus(cancelledRunning, "RUNNING");
    tasks.awaitStatus(cancelledPending, "PENDING");
    cancel(cancelledRunning);
    cancel(cancelledPending);
    tasks.awaitStatus(cancelledRunning, "CANCELLED");
    tasks.awaitStatus(cancelledPending, "CANCELLED");
    groups.awaitStatus(group, "COMPLETED", Duration.ofSeconds(90));

    // The workflow counters reach the registry through the SDK's reporter, every 10 s.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              PrometheusText after = scrape();
              Delta delta = new Delta(before, after);
              assertThat(delta.of("taskforge_tasks_submitted_total", LOW_SLEEP)).isEqualTo(4);
              // At least: the SDK reports workflow counters every 10 s, so counts of tasks that
              // closed just before the first scrape may arrive within this test's window.
              assertThat(delta.of("taskforge_tasks_completed_total", LOW_SLEEP))
                  .isGreaterThanOrEqualTo(1);
              assertThat(delta.of("taskforge_tasks_failed_total", with(LOW_SLEEP, "kind", "ERROR")))
                  .isGreaterThanOrEqualTo(1);
              // The pending one never reached a worker and is counted all the same.
              assertThat(delta.of("taskforge_tasks_cancelled_total", LOW_SLEEP))
                  .isGreaterThanOrEqualTo(2);
              assertThat(after.samples("taskforge_tasks_completed_total", LOW_SLEEP))
                  .allSatisfy(
                      s ->
                          assertThat(s.labels())
                              .containsEntry("workflow_type", "TaskWorkflow")
                              .containsEntry("task_queue", "taskforge"));

              // Attempts: the completed task 1, the failed one 2, the running cancelled one 1.
              assertThat(delta.of("taskforge_task_queue_wait_seconds_count", LOW_SLEEP))
                  .isGreaterThanOrEqualTo(4);
              assertThat(
                      delta.of(
                          "taskforge_task_queue_wait_seconds_bucket",
                          with(LOW_SLEEP, "le", "+Inf")))
                  .isEqualTo(delta.of("taskforge_task_queue_wait_seconds_count", LOW_SLEEP));
              assertThat(run(delta, "success")).isGreaterThanOrEqualTo(1);
              assertThat(run(delta, "failure")).isGreaterThanOrEqualTo(2);
              assertThat(run(delta, "cancelled")).isGreaterThanOrEqualTo(1);
              assertThat(
                      after.samples(
                          "taskforge_task_run_duration_seconds_bucket",
                          Map.of("type", "sleep", "outcome", "success", "le", "1.0")))
                  .hasSize(1);
              assertThat(delta.of("taskforge_task_retries_total", Map.of("type", "sleep")))
                  .isGreaterThanOrEqualTo(1);

              assertThat(delta.of("taskforge_groups_submitted_total", Map.of("priority", "NORMAL")))
                  .isGreaterThanOrEqualTo(1);
              assertThat(delta.of("taskforge_expansion_size_items_count", Map.of("kind", "array")))
                  .isGreaterThanOrEqualTo(1);
              assertThat(delta.of("taskforge_expansion_size_items_sum", Map.of("kind", "array")))
                  .isGreaterThanOrEqualTo(5);
              assertThat(
                      delta.of(
                          "taskforge_expansion_items_total",
                          Map.of("type", "sleep", "outcome", "succeeded")))
                  .isGreaterThanOrEqualTo(5);

              for (String type : List.of("workflow", "activity")) {
                Map<String, String> queue = Map.of("queue", "taskforge", "queue_type", type);
                assertThat(after.samples("taskforge_queue_backlog", queue)).hasSize(1);
                assertThat(after.samples("taskforge_queue_backlog_age_seconds", queue)).hasSize(1);
                assertThat(after.sum("taskforge_queue_pollers", queue)).isGreaterThanOrEqualTo(1);
              }
              assertThat(
                      after.samples(
                          "taskforge_queue_backlog",
                          Map.of("queue", "gpu", "queue_type", "activity")))
                  .hasSize(1);

              // The Temporal SDK's own worker and client metrics, through the starter's reporter.
              assertThat(
                      after.samples(
                          "temporal_worker_task_slots_available",
                          Map.of("task_queue", "taskforge")))
                  .isNotEmpty();
              assertThat(
                      delta.of(
                          "temporal_workflow_completed_total",
                          Map.of("workflow_type", "TaskWorkflow")))
                  .isGreaterThanOrEqualTo(1);
              assertThat(
                      after.samples(
                          "temporal_activity_execution_latency_seconds_count",
                          Map.of("activity_type", "sleep")))
                  .isNotEmpty();
            });

    PrometheusText last = scrape();
    assertThat(
            last.sum(
                "http_server_requests_seconds_count",
                Map.of("uri", "/api/v1/tasks/{id}", "method", "GET")))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            last.sum(
                "http_server_requests_seconds_count",
                Map.of("uri", "/api/v1/tasks/{id}/cancel", "method", "POST")))
        .isGreaterThanOrEqualTo(2);
    assertThat(last.samples())
        .filteredOn(s -> s.name().startsWith("http_server_requests"))
        .extracting(s -> s.labels().getOrDefault("uri", ""))
        .as("uri templates, never ids")
        .noneMatch(uri -> uri.contains(completes) || uri.contains(group));
  }

  private PrometheusText scrape() {
    return PrometheusText.scrape(web, "/actuator/prometheus");
  }

  private void cancel(String id) {
    web.post().uri("/api/v1/tasks/{id}/cancel", id).exchange().expectStatus().isAccepted();
  }

  private static double run(Delta delta, String outcome) {
    return delta.of(
        "taskforge_task_run_duration_seconds_count", Map.of("type", "sleep", "outcome", outcome));
  }

  private static Map<String, Object> lowSleep(Map<String, Object> params) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("type", "sleep");
    request.put("priority", "LOW");
    request.put("params", params);
    return request;
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(labels);
    copy.put(key, value);
    return copy;
  }

  /** How much a series grew between two scrapes. */
  private record Delta(PrometheusText before, PrometheusText after) {
    double of(String name, Map<String, String> labels) {
      return after.sum(name, labels) - before.sum(name, labels);
    }
  }
}

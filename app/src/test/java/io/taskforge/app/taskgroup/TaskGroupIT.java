package io.taskforge.app.taskgroup;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.GroupApi;
import io.taskforge.app.support.TaskApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Task groups end to end: DAGs, expansions, retry-failed and cancellation on a real server. */
@EndToEndTest
class TaskGroupIT {
  private static HttpServer remote;
  private static final AtomicBoolean oddItemsBroken = new AtomicBoolean(true);
  private static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  @Autowired WebTestClient web;
  GroupApi groups;
  TaskApi tasks;

  @BeforeAll
  static void startRemoteService() throws IOException {
    remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    remote.createContext(
        "/item/",
        exchange -> {
          String item = exchange.getRequestURI().getPath().substring("/item/".length());
          calls.computeIfAbsent(item, k -> new AtomicInteger()).incrementAndGet();
          boolean fail = oddItemsBroken.get() && Integer.parseInt(item) % 2 == 1;
          byte[] body =
              (fail ? "{\"error\":\"broken\"}" : "{\"item\":" + item + "}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(fail ? 404 : 200, body.length);
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
    groups = new GroupApi(web);
    tasks = new TaskApi(web);
  }

  @Test
  @SuppressWarnings("unchecked")
  void diamondDag_runsInDependencyOrderAndPassesOutputsThroughTemplates() {
    String id =
        groups.submit(
            Map.of(
                "name", "diamond",
                "context", Map.of("greeting", "hello"),
                "tasks",
                    List.of(
                        Map.of(
                            "name", "split",
                            "type", "document_processing",
                            "params",
                                Map.of(
                                    "text", "One. Two. Three. Four.",
                                    "chunkSize", 60,
                                    "overlap", 0)),
                        Map.of(
                            "name",
                            "left",
                            "type",
                            "sleep",
                            "dependsOn",
                            List.of("split"),
                            "params",
                            Map.of(
                                "duration", "10ms",
                                "message",
                                    "{{context.greeting}} {{tasks.split.output.statistics.sentences}}")),
                        Map.of(
                            "name",
                            "right",
                            "type",
                            "sleep",
                            "dependsOn",
                            List.of("split"),
                            "params",
                            Map.of("duration", "10ms", "message", "right")),
                        Map.of(
                            "name",
                            "join",
                            "type",
                            "data_export",
                            "dependsOn",
                            List.of("left", "right"),
                            "params",
                            Map.of(
                                "format",
                                "jsonl",
                                "rows",
                                List.of("{{tasks.left.output}}", "{{tasks.right.output}}"))))));

    Map<String, Object> group = groups.awaitStatus(id, "COMPLETED", Duration.ofSeconds(90));

    for (String name : List.of("split", "left", "right", "join")) {
      assertThat(GroupApi.task(group, name).get("status")).as(name).isEqualTo("COMPLETED");
    }
    Map<String, Object> left = (Map<String, Object>) GroupApi.task(group, "left").get("output");
    assertThat(left.get("message")).isEqualTo("hello 4");
    Map<String, Object> context = (Map<String, Object>) group.get("context");
    assertThat(context).containsKeys("greeting", "split", "left", "right", "join");
    assertThat(((Map<String, Object>) GroupApi.task(group, "join").get("output")).get("rows"))
        .isEqualTo(2);
    assertThat(tasks.list("groupId=" + id + "&pageSize=100")).hasSize(4);
  }

  @Test
  @SuppressWarnings("unchecked")
  void matrixExpansionWithSeparateOutputs_feedsALaterTaskOneItem() {
    String id =
        groups.submit(
            Map.of(
                "tasks",
                List.of(
                    Map.of(
                        "name",
                        "combine",
                        "type",
                        "sleep",
                        "params",
                        Map.of(
                            "duration",
                            "1ms",
                            "message",
                            "{{item.size}}-{{item.colour}} #{{index}}"),
                        "expand",
                        Map.of("type", "matrix", "axes", axes(), "output", "separate")),
                    Map.of(
                        "name",
                        "pick",
                        "type",
                        "sleep",
                        "dependsOn",
                        List.of("combine"),
                        "params",
                        Map.of(
                            "duration", "1ms",
                            "message", "{{tasks.combine[4].output.message}}")))));

    Map<String, Object> group = groups.awaitStatus(id, "COMPLETED", Duration.ofSeconds(90));

    Map<String, Object> combine = GroupApi.task(group, "combine");
    assertThat((Map<String, Object>) combine.get("expansion"))
        .containsEntry("total", 6)
        .containsEntry("succeeded", 6)
        .containsEntry("failed", 0);
    Map<String, Object> context = (Map<String, Object>) group.get("context");
    assertThat(context).containsKeys("combine[0]", "combine[5]");
    // Matrix order: the first axis varies slowest, so item 4 is (M, blue).
    assertThat(((Map<String, Object>) GroupApi.task(group, "pick").get("output")).get("message"))
        .isEqualTo("M-blue #4");
  }

  @Test
  @SuppressWarnings("unchecked")
  void retryFailed_rerunsOnlyTheFailedItemsAndKeepsTheRest() {
    calls.clear();
    oddItemsBroken.set(true);
    String base = "http://127.0.0.1:" + remote.getAddress().getPort() + "/item/";
    String id =
        groups.submit(
            Map.of(
                "tasks",
                List.of(
                    Map.of(
                        "name", "fetch",
                        "type", "http_request",
                        "params", Map.of("url", base + "{{item}}"),
                        "retry", Map.of("maxAttempts", 1),
                        "expand", Map.of("type", "array", "items", List.of(0, 1, 2, 3, 4, 5))),
                    Map.of(
                        "name",
                        "after",
                        "type",
                        "sleep",
                        "dependsOn",
                        List.of("fetch"),
                        "params",
                        Map.of("duration", "1ms")))));

    Map<String, Object> failed = groups.awaitStatus(id, "FAILED", Duration.ofSeconds(90));
    assertThat((Map<String, Object>) GroupApi.task(failed, "fetch").get("expansion"))
        .containsEntry("succeeded", 3)
        .containsEntry("failed", 3);
    assertThat(GroupApi.task(failed, "after").get("status")).isEqualTo("SKIPPED");

    oddItemsBroken.set(false);
    web.post()
        .uri("/api/v1/task-groups/{id}/tasks/fetch/retry-failed", id)
        .exchange()
        .expectStatus()
        .isAccepted();

    Map<String, Object> done = groups.awaitStatus(id, "COMPLETED", Duration.ofSeconds(90));
    assertThat((Map<String, Object>) GroupApi.task(done, "fetch").get("expansion"))
        .containsEntry("succeeded", 6)
        .containsEntry("failed", 0);
    assertThat((List<Object>) GroupApi.task(done, "fetch").get("output")).hasSize(6);
    assertThat(GroupApi.task(done, "after").get("status")).isEqualTo("COMPLETED");
    for (String even : List.of("0", "2", "4")) {
      assertThat(calls.get(even).get()).as("item " + even + " was kept, not rerun").isEqualTo(1);
    }
    for (String odd : List.of("1", "3", "5")) {
      assertThat(calls.get(odd).get()).as("item " + odd + " was rerun").isEqualTo(2);
    }
  }

  /** Axis order matters (the first varies slowest), so not Map.of. */
  private static Map<String, Object> axes() {
    Map<String, Object> axes = new java.util.LinkedHashMap<>();
    axes.put("size", List.of("S", "M"));
    axes.put("colour", List.of("red", "blue", "green"));
    return axes;
  }

  @Test
  void cancellingARunningGroup_cancelsItsTasksAndSkipsTheRest() {
    String id =
        groups.submit(
            Map.of(
                "tasks",
                List.of(
                    Map.of("name", "long", "type", "sleep", "params", Map.of("duration", "5m")),
                    Map.of(
                        "name",
                        "later",
                        "type",
                        "sleep",
                        "dependsOn",
                        List.of("long"),
                        "params",
                        Map.of("duration", "1ms")))));
    tasks.awaitStatus(id + ".long", "RUNNING");

    web.post().uri("/api/v1/task-groups/{id}/cancel", id).exchange().expectStatus().isAccepted();

    Map<String, Object> group = groups.awaitStatus(id, "CANCELLED", Duration.ofSeconds(60));
    assertThat(GroupApi.task(group, "long").get("status")).isEqualTo("CANCELLED");
    assertThat(GroupApi.task(group, "later").get("status")).isEqualTo("SKIPPED");
    assertThat(tasks.get(id + ".long").get("status")).isEqualTo("CANCELLED");
  }

  @Test
  void failFast_cancelsRunningTasks_continueRunsTheIndependentOnes() {
    Map<String, Object> failing =
        Map.of(
            "name",
            "bad",
            "type",
            "sleep",
            "params",
            Map.of("duration", "1ms", "failAttempts", 9),
            "retry",
            Map.of("maxAttempts", 1));
    Map<String, Object> slow =
        Map.of("name", "slow", "type", "sleep", "params", Map.of("duration", "5s"));

    String fast =
        groups.submit(Map.of("failurePolicy", "FAIL_FAST", "tasks", List.of(failing, slow)));
    Map<String, Object> fastGroup = groups.awaitStatus(fast, "FAILED", Duration.ofSeconds(60));
    assertThat(GroupApi.task(fastGroup, "slow").get("status")).isEqualTo("CANCELLED");

    String keepGoing =
        groups.submit(Map.of("failurePolicy", "CONTINUE", "tasks", List.of(failing, slow)));
    Map<String, Object> continued = groups.awaitStatus(keepGoing, "FAILED", Duration.ofSeconds(60));
    assertThat(GroupApi.task(continued, "slow").get("status")).isEqualTo("COMPLETED");
    assertThat(GroupApi.task(continued, "bad").get("status")).isEqualTo("FAILED");
  }

  @Test
  void graph_isRenderedInMermaidAndDot() {
    String id =
        groups.submit(
            Map.of(
                "tasks",
                List.of(
                    Map.of("name", "a", "type", "sleep", "params", Map.of("duration", "1ms")),
                    Map.of(
                        "name",
                        "b",
                        "type",
                        "sleep",
                        "dependsOn",
                        List.of("a"),
                        "params",
                        Map.of("duration", "1ms")))));
    groups.awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));

    String mermaid =
        web.get()
            .uri("/api/v1/task-groups/{id}/graph", id)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    String dot =
        web.get()
            .uri("/api/v1/task-groups/{id}/graph?format=dot", id)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    assertThat(mermaid).startsWith("flowchart").contains("COMPLETED");
    assertThat(dot).startsWith("digraph").contains("->");
  }
}

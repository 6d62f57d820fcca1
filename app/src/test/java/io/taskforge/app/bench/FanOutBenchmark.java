package io.taskforge.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.GroupApi;
import io.taskforge.app.support.TemporalDevServer;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Fan-out of one expanded task over {@code bench.fanout.sizes} items (default 10,000 and 100,000)
 * through the whole stack; writes wall time, items per second and the largest workflow history to
 * {@code bench/results/fan-out.md}. Run by {@code make bench}.
 */
@EndToEndTest
class FanOutBenchmark {
  @Autowired WebTestClient web;

  @Test
  @SuppressWarnings("unchecked")
  void expandOverManyItems() throws IOException {
    String sizes = System.getProperty("bench.fanout.sizes", "10000,100000");
    int parallelism = Integer.getInteger("bench.fanout.parallelism", 8);
    GroupApi groups = new GroupApi(web);
    StringBuilder rows = new StringBuilder();
    for (String size : sizes.split(",")) {
      int items = Integer.parseInt(size.trim());
      Instant start = Instant.now();
      String id =
          groups.submit(
              Map.of(
                  "tasks",
                  List.of(
                      Map.of(
                          "name",
                          "item",
                          "type",
                          "sleep",
                          "params",
                          Map.of("duration", "0ms", "message", "{{item.row}}/{{item.col}}"),
                          "expand",
                          Map.of(
                              "type",
                              "matrix",
                              "axes",
                              axes(items),
                              "parallelism",
                              parallelism)))));
      Map<String, Object> group = groups.awaitStatus(id, "COMPLETED", Duration.ofMinutes(60));
      double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
      Map<String, Object> expansion =
          (Map<String, Object>) GroupApi.task(group, "item").get("expansion");
      assertThat(((Number) expansion.get("succeeded")).intValue()).isEqualTo(items);
      List<WorkflowExecutionInfo> workflows = workflowsOf(id);
      long largest =
          workflows.stream().mapToLong(WorkflowExecutionInfo::getHistoryLength).max().orElse(0);
      rows.append(
          String.format(
              Locale.ROOT,
              "| %,d | %.1f | %.0f | %d | %,d |%n",
              items,
              seconds,
              items / seconds,
              workflows.size(),
              largest));
    }
    String report =
        String.format(
            Locale.ROOT,
            """
            # Fan-out benchmark

            Measured %s on %d cores, Temporal dev server (SQLite) on the same machine, app and
            worker in one JVM. One expanded task (a matrix of 100 rows, `sleep` 0ms per item, parallelism %d); merged
            outputs go to the artifact store by reference.

            | items | wall time (s) | items per second | workflows | largest history (events) |
            |---|---|---|---|---|
            %s""",
            Instant.now(),
            Runtime.getRuntime().availableProcessors(),
            parallelism,
            rows);
    Path out = Path.of(System.getProperty("bench.out.fanout", "../bench/results/fan-out.md"));
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println(report);
  }

  /** rows x cols = items: a request of a few KB, not a list of 100,000 literals. */
  private static Map<String, Object> axes(int items) {
    int rows = 100;
    Map<String, Object> axes = new java.util.LinkedHashMap<>();
    axes.put("row", IntStream.range(0, rows).boxed().toList());
    axes.put("col", IntStream.range(0, items / rows).boxed().toList());
    return axes;
  }

  private static List<WorkflowExecutionInfo> workflowsOf(String groupId) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(TemporalDevServer.shared().address())
                .build());
    try {
      List<WorkflowExecutionInfo> all = new ArrayList<>();
      ListWorkflowExecutionsRequest.Builder request =
          ListWorkflowExecutionsRequest.newBuilder()
              .setNamespace("default")
              .setQuery("TaskGroupId = '" + groupId + "'")
              .setPageSize(1000);
      while (true) {
        ListWorkflowExecutionsResponse page =
            stubs.blockingStub().listWorkflowExecutions(request.build());
        all.addAll(page.getExecutionsList());
        if (page.getNextPageToken().isEmpty()) {
          return all;
        }
        request.setNextPageToken(page.getNextPageToken());
      }
    } finally {
      stubs.shutdown();
    }
  }
}

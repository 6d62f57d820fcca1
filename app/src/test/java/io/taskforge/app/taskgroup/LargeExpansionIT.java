package io.taskforge.app.taskgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.app.support.DevKey;
import io.taskforge.app.support.GroupApi;
import io.taskforge.app.support.TemporalDevServer;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Fan-out stays inside Temporal's per-workflow limits at any size: a dev server whose limits are
 * lowered far below the defaults (history events, pending children, pending activities) still runs
 * a 5,000-item expansion to completion, every item accounted for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@ContextConfiguration(initializers = LargeExpansionIT.LoweredLimits.class)
@Import(DevKey.Client.class)
class LargeExpansionIT {
  static final int HISTORY_LIMIT = 400;
  static final int PENDING_LIMIT = 12;
  static final int ITEMS = 5_000;

  static final TemporalDevServer SERVER =
      TemporalDevServer.startNew(
          List.of(
              "limit.historyCount.error=" + HISTORY_LIMIT,
              "limit.historyCount.warn=" + (HISTORY_LIMIT / 2),
              "limit.numPendingChildExecutions.error=" + PENDING_LIMIT,
              "limit.numPendingActivities.error=" + PENDING_LIMIT));

  static class LoweredLimits
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      TestPropertyValues.of(
              "spring.temporal.connection.target=" + SERVER.address(),
              "taskforge.artifacts.dir=target/it-artifacts-large")
          .applyTo(context);
    }
  }

  @Autowired WebTestClient web;

  @Test
  @SuppressWarnings("unchecked")
  void fiveThousandItems_completeUnderLoweredLimits_everyItemAccountedFor() {
    GroupApi groups = new GroupApi(web);
    String id =
        groups.submit(
            Map.of(
                "tasks",
                List.of(
                    Map.of(
                        "name",
                        "square",
                        "type",
                        "sleep",
                        "params",
                        Map.of("duration", "0ms", "message", "item {{item}}"),
                        "expand",
                        Map.of(
                            "type",
                            "array",
                            "items",
                            IntStream.range(0, ITEMS).boxed().toList(),
                            "parallelism",
                            8)))));

    Map<String, Object> group = groups.awaitStatus(id, "COMPLETED", Duration.ofMinutes(5));

    Map<String, Object> square = GroupApi.task(group, "square");
    assertThat((Map<String, Object>) square.get("expansion"))
        .containsEntry("total", ITEMS)
        .containsEntry("succeeded", ITEMS)
        .containsEntry("failed", 0);
    List<WorkflowExecutionInfo> workflows = workflowsOf(id);
    assertThat(workflows).hasSizeGreaterThan(2); // the group, the expansion root, its leaves
    assertThat(workflows)
        .allSatisfy(w -> assertThat(w.getHistoryLength()).isLessThan(HISTORY_LIMIT));
  }

  private static List<WorkflowExecutionInfo> workflowsOf(String groupId) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(SERVER.address()).build());
    try {
      List<WorkflowExecutionInfo> all = new ArrayList<>();
      all.addAll(
          stubs
              .blockingStub()
              .listWorkflowExecutions(
                  ListWorkflowExecutionsRequest.newBuilder()
                      .setNamespace("default")
                      .setQuery("TaskGroupId = '" + groupId + "'")
                      .setPageSize(1000)
                      .build())
              .getExecutionsList());
      return all;
    } finally {
      stubs.shutdown();
    }
  }
}

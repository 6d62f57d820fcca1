package io.taskforge.workflows.taskgroup;

import static io.taskforge.workflows.taskgroup.GroupInputs.diamond;
import static io.taskforge.workflows.taskgroup.GroupInputs.expanded;
import static io.taskforge.workflows.taskgroup.GroupInputs.group;
import static io.taskforge.workflows.taskgroup.GroupInputs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.expansion.ExpansionWorkflowImpl;
import io.taskforge.workflows.expansion.FakeExpansionActivities;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.task.TaskWorkflowImpl;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories that {@link TaskGroupWorkflowReplayTest} replays, into their own folder
 * (the task workflow's replay test replays every file directly under {@code histories/}). Not a
 * {@code *Test}, so a normal build never runs it; record again only when a change to the group or
 * expansion workflow is meant to break running workflows (and is versioned), by running:
 *
 * <pre>
 * mvn -pl workflows test -Dtest=RecordGroupHistories -Drecord.histories=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "record.histories", matches = "true")
class RecordGroupHistories {
  static final Path HISTORIES = Path.of("src/test/resources/histories/taskgroup");

  @Test
  void completedDiamond() throws Exception {
    record(
        new FakeTaskTypes(),
        (client, start) -> {
          completed(start.apply("grp-diamond", diamond()));
          save(client, "grp-diamond", "group-diamond");
        });
  }

  @Test
  void failFast() throws Exception {
    FakeTaskTypes taskTypes =
        new FakeTaskTypes()
            .with("slow", FakeTaskTypes.heartbeatsUntilCancelled())
            .with("quick", FakeTaskTypes.echoesAfterStartOf("grp-fail-fast.slow"))
            .with("boom", FakeTaskTypes.failsNonRetryably());
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            task("slow", "slow", Map.of()),
            task("quick", "quick", Map.of("rows", 3)),
            task("boom", "boom", Map.of(), "quick"),
            task("afterBoom", "report", Map.of(), "boom"));
    record(
        taskTypes,
        (client, start) -> {
          TaskGroupWorkflow group = start.apply("grp-fail-fast", input);
          assertThatThrownBy(() -> completed(group)).isInstanceOf(WorkflowFailedException.class);
          save(client, "grp-fail-fast", "group-fail-fast");
        });
  }

  @Test
  void cancelled() throws Exception {
    FakeTaskTypes taskTypes =
        new FakeTaskTypes().with("slow", FakeTaskTypes.heartbeatsUntilCancelled());
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            task("quick", "extract", Map.of("n", 1)),
            task("slow", "slow", Map.of(), "quick"),
            task("after", "report", Map.of(), "slow"));
    record(
        taskTypes,
        (client, start) -> {
          TaskGroupWorkflow group = start.apply("grp-cancelled", input);
          long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
          while (!taskTypes.ranTaskIds().contains("grp-cancelled.slow")) {
            assertThat(System.nanoTime()).as("waiting for slow to run").isLessThan(deadline);
            Thread.sleep(20);
          }
          WorkflowStub.fromTyped(group).cancel();
          assertThatThrownBy(() -> completed(group)).isInstanceOf(WorkflowFailedException.class);
          assertThat(group.state().status()).isEqualTo(TaskStatus.CANCELLED);
          save(client, "grp-cancelled", "group-cancelled");
        });
  }

  @Test
  void withExpansion() throws Exception {
    // More items than one leaf takes, so the expansion has a root and two leaves.
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            task("split", "split", Map.of("count", 2_500)),
            expanded(
                "process",
                Map.of("n", "{{index}}"),
                ExpansionSpec.custom(
                    FakeExpansionActivities.RANGE, Map.of("count", "{{tasks.split.output.count}}")),
                "split"),
            task("report", "report", Map.of("first", "{{tasks.process.output.0.n}}"), "process"));
    record(
        new FakeTaskTypes(),
        (client, start) -> {
          completed(start.apply("grp-expansion", input));
          save(client, "grp-expansion", "group-expansion");
          save(client, "grp-expansion.process", "expansion-root");
          save(client, "grp-expansion.process/0-1250", "expansion-leaf");
        });
  }

  private interface Starter {
    TaskGroupWorkflow apply(String groupId, TaskGroupInput input);
  }

  private interface Scenario {
    void run(WorkflowClient client, Starter start) throws Exception;
  }

  private static void record(FakeTaskTypes taskTypes, Scenario scenario) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      for (var key : TaskSearchAttributes.ALL) {
        env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
      FakeExpansionActivities expansions = new FakeExpansionActivities();
      Worker workflows = env.newWorker(TaskQueues.DEFAULT);
      workflows.registerWorkflowImplementationTypes(
          TaskGroupWorkflowImpl.class, TaskWorkflowImpl.class, ExpansionWorkflowImpl.class);
      workflows.registerActivitiesImplementations(expansions);
      env.newWorker(
              GroupInputs.ACTIVITY_QUEUE,
              WorkerOptions.newBuilder()
                  .setMaxHeartbeatThrottleInterval(Duration.ofMillis(50))
                  .build())
          .registerActivitiesImplementations(taskTypes, expansions);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      scenario.run(
          client,
          (groupId, input) -> {
            TaskGroupWorkflow group =
                client.newWorkflowStub(
                    TaskGroupWorkflow.class,
                    WorkflowOptions.newBuilder()
                        .setTaskQueue(TaskQueues.DEFAULT)
                        .setWorkflowId(groupId)
                        .build());
            WorkflowClient.start(group::run, input);
            return group;
          });
    }
  }

  private static TaskGroupState completed(TaskGroupWorkflow group) {
    return WorkflowStub.fromTyped(group).getResult(TaskGroupState.class);
  }

  private static void save(WorkflowClient client, String workflowId, String name)
      throws IOException {
    Files.createDirectories(HISTORIES);
    Files.writeString(
        HISTORIES.resolve(name + ".json"), client.fetchHistory(workflowId).toJson(true));
  }

  /**
   * Each recorded file with the id of the workflow it records: the replayer needs the id, since the
   * group derives its children's ids from its own.
   */
  static Map<String, String> workflowIds() {
    return Map.of(
        "group-diamond.json", "grp-diamond",
        "group-fail-fast.json", "grp-fail-fast",
        "group-cancelled.json", "grp-cancelled",
        "group-expansion.json", "grp-expansion",
        "expansion-root.json", "grp-expansion.process",
        "expansion-leaf.json", "grp-expansion.process/0-1250");
  }
}

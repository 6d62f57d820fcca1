package io.taskforge.workflows.agency;

import static io.taskforge.workflows.agency.AgencyInputs.agency;
import static io.taskforge.workflows.agency.AgencyInputs.openAgency;
import static io.taskforge.workflows.agency.AgencyInputs.single;
import static io.taskforge.workflows.agency.AgencyInputs.threeGroups;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.expansion.ExpansionWorkflowImpl;
import io.taskforge.workflows.expansion.FakeExpansionActivities;
import io.taskforge.workflows.task.TaskWorkflowImpl;
import io.taskforge.workflows.taskgroup.FakeTaskTypes;
import io.taskforge.workflows.taskgroup.GroupInputs;
import io.taskforge.workflows.taskgroup.TaskGroupWorkflowImpl;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories that {@link AgencyWorkflowReplayTest} replays, into {@code
 * histories/agency}. Not a {@code *Test}, so a normal build never runs it; record again only when a
 * change to the agency workflow is meant to break running agencies (and is versioned):
 *
 * <pre>
 * mvn -pl workflows test -Dtest=RecordAgencyHistories -Drecord.histories=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "record.histories", matches = "true")
class RecordAgencyHistories {
  static final Path HISTORIES = Path.of("src/test/resources/histories/agency");

  @Test
  void completedThreeGroups() throws Exception {
    record(
        new FakeTaskTypes(),
        (client, start) -> {
          completed(start.apply("ag-three", threeGroups()));
          save(client, "ag-three", null, "agency-three-groups");
        });
  }

  @Test
  void completedWithConflict() throws Exception {
    record(
        new FakeTaskTypes(),
        (client, start) -> {
          completed(
              start.apply(
                  "ag-conflict",
                  agency(
                      Map.of("answer", Map.of("value", 0)),
                      single("first", "answer", "echo", Map.of("value", 1)),
                      single("second", "other", "echo", Map.of("value", 2), "first"))));
          save(client, "ag-conflict", null, "agency-conflict");
        });
  }

  @Test
  void cancelled() throws Exception {
    FakeTaskTypes taskTypes =
        new FakeTaskTypes().with("slow", FakeTaskTypes.heartbeatsUntilCancelled());
    record(
        taskTypes,
        (client, start) -> {
          AgencyWorkflow agency =
              start.apply(
                  "ag-cancelled",
                  agency(
                      Map.of(),
                      single("quick", "q", "echo", Map.of("n", 1)),
                      single("slow", "work", "slow", Map.of(), "quick"),
                      single("later", "t", "echo", Map.of(), "slow")));
          awaitTrue(() -> taskTypes.ranTaskIds().contains("ag-cancelled.slow.work"));
          WorkflowStub.fromTyped(agency).cancel();
          assertThatThrownBy(() -> completed(agency)).isInstanceOf(WorkflowFailedException.class);
          save(client, "ag-cancelled", null, "agency-cancelled");
        });
  }

  /** A keepOpen session fed by updates, which continues as new once and is then closed. */
  @Test
  void session() throws Exception {
    record(
        new FakeTaskTypes(),
        (client, start) -> {
          AgencyWorkflow agency =
              start.apply("ag-session", openAgency(30, single("g0", "s", "echo", Map.of("i", 0))));
          String firstRun =
              client.newUntypedWorkflowStub("ag-session").describe().getExecution().getRunId();
          for (int i = 1; i <= 3; i++) {
            int index = i;
            awaitTrue(() -> groupEnded(agency, "g" + (index - 1)));
            agency.addContext(new ContextAddition(Map.of("k" + i, i)));
            agency.addGroup(
                single("g" + i, "s", "echo", Map.of("i", "{{context.k" + i + "}}"), "g" + (i - 1)));
          }
          awaitTrue(() -> groupEnded(agency, "g3") && agency.state().continuations() > 0);
          agency.close();
          AgencyState state = completed(agency);
          assertThat(state.continuations()).isPositive();
          save(client, "ag-session", firstRun, "agency-session-first-run");
          save(client, "ag-session", null, "agency-session-last-run");
        });
  }

  private static boolean groupEnded(AgencyWorkflow agency, String name) {
    return agency.state().groups().stream()
        .anyMatch(g -> g.name().equals(name) && g.status().isTerminal());
  }

  private interface Starter {
    AgencyWorkflow apply(String agencyId, AgencyInput input);
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
          AgencyWorkflowImpl.class,
          TaskGroupWorkflowImpl.class,
          TaskWorkflowImpl.class,
          ExpansionWorkflowImpl.class);
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
          (agencyId, input) -> {
            AgencyWorkflow agency =
                client.newWorkflowStub(
                    AgencyWorkflow.class,
                    WorkflowOptions.newBuilder()
                        .setTaskQueue(TaskQueues.DEFAULT)
                        .setWorkflowId(agencyId)
                        .build());
            WorkflowClient.start(agency::run, input);
            return client.newWorkflowStub(AgencyWorkflow.class, agencyId);
          });
    }
  }

  private static AgencyState completed(AgencyWorkflow agency) {
    return WorkflowStub.fromTyped(agency).getResult(AgencyState.class);
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static void save(WorkflowClient client, String workflowId, String runId, String name)
      throws IOException {
    Files.createDirectories(HISTORIES);
    String json =
        runId == null
            ? client.fetchHistory(workflowId).toJson(true)
            : client.fetchHistory(workflowId, runId).toJson(true);
    Files.writeString(HISTORIES.resolve(name + ".json"), json);
  }

  /** Each recorded file with the id of the agency it records. */
  static Map<String, String> workflowIds() {
    return Map.of(
        "agency-three-groups.json", "ag-three",
        "agency-conflict.json", "ag-conflict",
        "agency-cancelled.json", "ag-cancelled",
        "agency-session-first-run.json", "ag-session",
        "agency-session-last-run.json", "ag-session");
  }
}

package io.taskforge.workflows.agency;

import static io.taskforge.workflows.agency.AgencyInputs.agency;
import static io.taskforge.workflows.agency.AgencyInputs.groupOf;
import static io.taskforge.workflows.agency.AgencyInputs.openAgency;
import static io.taskforge.workflows.agency.AgencyInputs.single;
import static io.taskforge.workflows.agency.AgencyInputs.threeGroups;
import static io.taskforge.workflows.taskgroup.GroupInputs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.expansion.ExpansionWorkflowImpl;
import io.taskforge.workflows.expansion.FakeExpansionActivities;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.task.TaskWorkflowImpl;
import io.taskforge.workflows.taskgroup.Dependency;
import io.taskforge.workflows.taskgroup.DependencyCondition;
import io.taskforge.workflows.taskgroup.FakeTaskTypes;
import io.taskforge.workflows.taskgroup.GroupInputs;
import io.taskforge.workflows.taskgroup.TaskGroupWorkflowImpl;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(120)
class AgencyWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension testWorkflow = extension();

  private final FakeTaskTypes taskTypes = new FakeTaskTypes();
  private WorkflowClient client;
  private WorkflowOptions workflowOptions;

  static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(
                AgencyWorkflowImpl.class,
                TaskGroupWorkflowImpl.class,
                TaskWorkflowImpl.class,
                ExpansionWorkflowImpl.class)
            .setUseTimeskipping(true)
            .setDoNotStart(true);
    for (SearchAttributeKey<String> key : TaskSearchAttributes.ALL) {
      builder.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return builder.build();
  }

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker workflowWorker, WorkflowOptions workflowOptions) {
    this.client = env.getWorkflowClient();
    this.workflowOptions = workflowOptions;
    FakeExpansionActivities expansions = new FakeExpansionActivities();
    workflowWorker.registerActivitiesImplementations(expansions);
    env.newWorker(
            GroupInputs.ACTIVITY_QUEUE,
            WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(50))
                .build())
        .registerActivitiesImplementations(taskTypes, expansions);
    env.start();
  }

  // --- dependencies between groups and context sync ---

  @Test
  void threeGroups_thirdStartsAfterBothAndReadsTheirOutputsFromItsInitialContext() {
    AgencyState state = completed(start("ag", threeGroups()));

    assertThat(state.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(state.groups())
        .extracting(AgencyGroupState::name, AgencyGroupState::status, AgencyGroupState::groupId)
        .containsExactly(
            tuple("research", TaskStatus.COMPLETED, "ag.research"),
            tuple("design", TaskStatus.COMPLETED, "ag.design"),
            tuple("report", TaskStatus.COMPLETED, "ag.report"));
    List<String> events = taskTypes.events();
    assertThat(events.indexOf("start ag.report.write"))
        .isGreaterThan(events.indexOf("end ag.research.facts"))
        .isGreaterThan(events.indexOf("end ag.design.layout"));
    assertThat(taskTypes.runOf("ag.report.write").params())
        .containsEntry("text", "3 facts on rivers in 2 columns");
    assertThat(stateOf(state, "report").outputs())
        .isEqualTo(Map.of("write", Map.of("text", "3 facts on rivers in 2 columns")));
    assertThat(state.conflicts()).isEmpty();
  }

  @Test
  void completedGroups_publishTaskOutputsAtTopLevelAndUnderTheirGroupName() {
    AgencyState state = completed(start("ag", threeGroups()));

    assertThat(state.context())
        .containsEntry("topic", "rivers")
        .containsEntry("facts", Map.of("count", 3, "about", "rivers"))
        .containsEntry("layout", Map.of("columns", 2))
        .containsKey("write");
    @SuppressWarnings("unchecked")
    Map<String, Object> groups = (Map<String, Object>) state.context().get("groups");
    assertThat(groups.keySet()).containsExactlyInAnyOrder("research", "design", "report");
    assertThat(groups.get("design")).isEqualTo(Map.of("layout", Map.of("columns", 2)));
    // The start context (topic) is not published again by the groups.
    assertThat(stateOf(state, "research").outputs()).containsOnlyKeys("facts");
  }

  @Test
  void twoGroupsWritingOneKeyDifferently_firstWriterWinsAndTheConflictIsReported() {
    AgencyState state =
        completed(
            start(
                "ag",
                agency(
                    Map.of(),
                    single("first", "answer", "echo", Map.of("value", 1)),
                    single("second", "answer", "echo", Map.of("value", 2), "first"),
                    single("third", "answer", "echo", Map.of("value", 1.0), "second"))));

    assertThat(state.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(state.context().get("answer")).isEqualTo(Map.of("value", 1));
    assertThat(state.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.key()).isEqualTo("answer");
              assertThat(c.keptFrom()).isEqualTo("group:first");
              assertThat(c.keptValue()).isEqualTo(Map.of("value", 1));
              assertThat(c.rejectedFrom()).isEqualTo("group:second");
              assertThat(c.rejectedValue()).isEqualTo(Map.of("value", 2));
            });
    @SuppressWarnings("unchecked")
    Map<String, Object> groups = (Map<String, Object>) state.context().get("groups");
    assertThat(groups.get("second")).isEqualTo(Map.of("answer", Map.of("value", 2)));
  }

  @Test
  void failedGroup_skipsItsDependentsAndRunsItsHandler() {
    taskTypes.with("boom", FakeTaskTypes.failsNonRetryably());
    AgencyGroupSpec handler =
        new AgencyGroupSpec(
            "onFailure",
            AgencyInputs.single("x", "notify", "echo", Map.of("to", "ops")).group(),
            List.of(new Dependency("broken", DependencyCondition.FAILED)),
            List.of());
    AgencyWorkflow agency =
        start(
            "ag",
            agency(
                Map.of(),
                groupOf(
                    "broken",
                    List.of(),
                    List.of(),
                    task("ok", "echo", Map.of("n", 1)),
                    task("bad", "boom", Map.of(), "ok")),
                single("after", "use", "echo", Map.of("n", 2), "broken"),
                handler));

    AgencyState state = completed(agency);

    // The failure is handled (onFailure waits for exactly that), so the agency completes.
    assertThat(state.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(state.groups())
        .extracting(AgencyGroupState::name, AgencyGroupState::status)
        .containsExactly(
            tuple("broken", TaskStatus.FAILED),
            tuple("after", TaskStatus.SKIPPED),
            tuple("onFailure", TaskStatus.COMPLETED));
    assertThat(stateOf(state, "after").reason())
        .isEqualTo("group 'broken' ended FAILED, needed COMPLETED");
    // A failed group's partial results stay with it and never half-enter the shared context.
    assertThat(stateOf(state, "broken").outputs()).containsOnlyKeys("ok");
    assertThat(state.context()).doesNotContainKey("ok");
    assertThat(namespaces(state)).containsExactly("onFailure");
  }

  @Test
  void unhandledGroupFailure_failsTheAgencyNamingTheGroup() {
    taskTypes.with("boom", FakeTaskTypes.failsNonRetryably());
    AgencyState state =
        failed(
            start(
                "ag",
                agency(
                    Map.of(),
                    single("broken", "bad", "boom", Map.of()),
                    single("after", "use", "echo", Map.of(), "broken"))));

    assertThat(state.reason())
        .isEqualTo("group 'broken' ended FAILED: task 'bad' failed: disk full");
    assertThat(stateOf(state, "after").status()).isEqualTo(TaskStatus.SKIPPED);
  }

  @Test
  void groupsAndTheirTasks_carryTheAgencyIdSearchAttribute() {
    completed(start("ag", threeGroups()));

    assertThat(searchAttribute("ag.research", TaskSearchAttributes.AGENCY_ID)).isEqualTo("ag");
    assertThat(searchAttribute("ag.research", TaskSearchAttributes.TASK_GROUP_ID))
        .isEqualTo("ag.research");
    assertThat(searchAttribute("ag.research.facts", TaskSearchAttributes.AGENCY_ID))
        .isEqualTo("ag");
    assertThat(searchAttribute("ag.research.facts", TaskSearchAttributes.TASK_GROUP_ID))
        .isEqualTo("ag.research");
  }

  // --- context from the API ---

  @Test
  void groupWaitingForContext_startsWhenTheKeyArrivesAndSeesIt() {
    AgencyWorkflow agency =
        start(
            "ag",
            agency(
                Map.of(),
                groupOf(
                    "publish",
                    List.of(),
                    List.of("approval"),
                    task("post", "echo", Map.of("by", "{{context.approval.by}}")))));
    awaitTrue(() -> agency.state().status() == TaskStatus.RUNNING, "the agency to run");
    assertThat(stateOf(agency.state(), "publish").status()).isEqualTo(TaskStatus.WAITING);
    assertThat(taskTypes.runs()).isEmpty();

    ContextMerge merge =
        agency.addContext(new ContextAddition(Map.of("approval", Map.of("by", "ana"))));

    assertThat(merge.added()).containsExactly("approval");
    assertThat(merge.conflicts()).isEmpty();
    AgencyState state = completed(agency);
    assertThat(state.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(taskTypes.runOf("ag.publish.post").params()).containsEntry("by", "ana");
  }

  @Test
  void contextAddedTwiceWithDifferentValues_answersTheConflictAndKeepsTheFirst() {
    AgencyWorkflow agency = start("ag", openAgency(0));
    awaitTrue(() -> agency.state().status() == TaskStatus.RUNNING, "the agency to run");

    agency.addContext(new ContextAddition(Map.of("region", "eu")));
    ContextMerge second = agency.addContext(new ContextAddition(Map.of("region", "us", "x", 1)));

    assertThat(second.added()).containsExactly("x");
    assertThat(second.conflicts())
        .extracting(
            ContextConflict::key, ContextConflict::keptValue, ContextConflict::rejectedValue)
        .containsExactly(tuple("region", "eu", "us"));
    assertThat(agency.state().context()).containsEntry("region", "eu");
    assertThat(agency.state().conflicts()).hasSize(1);
    assertThatThrownBy(
            () -> agency.addContext(new ContextAddition(Map.of("groups", Map.of("a", 1)))))
        .isInstanceOf(WorkflowUpdateException.class);
    agency.close();
    assertThat(completed(agency).status()).isEqualTo(TaskStatus.COMPLETED);
  }

  // --- long-lived sessions ---

  @Test
  void keepOpenAgency_takesNewGroupsUntilClosed() {
    AgencyWorkflow agency =
        start("ag", openAgency(0, single("first", "draft", "echo", Map.of("words", 10))));
    awaitTrue(
        () -> stateOf(agency.state(), "first").status() == TaskStatus.COMPLETED,
        "the first group to complete");
    assertThat(agency.state().status()).isEqualTo(TaskStatus.RUNNING);

    AgencyGroupState added =
        agency.addGroup(
            single("second", "edit", "echo", Map.of("words", "{{context.draft.words}}"), "first"));
    assertThat(added.status()).isEqualTo(TaskStatus.WAITING);
    awaitTrue(
        () -> stateOf(agency.state(), "second").status() == TaskStatus.COMPLETED,
        "the added group to complete");
    assertThat(taskTypes.runOf("ag.second.edit").params()).containsEntry("words", 10);
    assertThatThrownBy(() -> agency.addGroup(single("first", "x", "echo", Map.of())))
        .isInstanceOf(WorkflowUpdateException.class);

    agency.close();
    AgencyState state = completed(agency);
    assertThat(state.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(state.closeRequested()).isTrue();
    assertThatThrownBy(() -> agency.addGroup(single("third", "x", "echo", Map.of())))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void closedAgency_skipsGroupsStillWaitingForContext() {
    AgencyWorkflow agency =
        start(
            "ag",
            openAgency(
                0, groupOf("never", List.of(), List.of("missing"), task("t", "echo", Map.of()))));
    awaitTrue(() -> agency.state().status() == TaskStatus.RUNNING, "the agency to run");

    agency.close();
    AgencyState state = completed(agency);

    assertThat(stateOf(state, "never").status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(stateOf(state, "never").reason()).contains("[missing]");
    assertThat(state.status()).isEqualTo(TaskStatus.COMPLETED);
  }

  @Test
  void longSession_continuesAsNewWithNothingLost() {
    AgencyWorkflow agency =
        start("ag", openAgency(40, single("g0", "step", "echo", Map.of("i", 0))));
    String firstRun = client.newUntypedWorkflowStub("ag").describe().getExecution().getRunId();
    for (int i = 1; i <= 6; i++) {
      int index = i;
      awaitTrue(
          () -> stateOf(agency.state(), "g" + (index - 1)).status().isTerminal(),
          "group g" + (index - 1) + " to end");
      agency.addContext(new ContextAddition(Map.of("k" + i, i, "shared", i == 1 ? "a" : "b")));
      agency.addGroup(
          single(
              "g" + i, "step" + i, "echo", Map.of("i", "{{context.k" + i + "}}"), "g" + (i - 1)));
    }
    // A group that waits for context across the hand-over.
    agency.addGroup(groupOf("late", List.of(), List.of("go"), task("t", "echo", Map.of())));
    awaitTrue(() -> stateOf(agency.state(), "g6").status().isTerminal(), "the last chained group");
    awaitTrue(() -> agency.state().continuations() > 0, "a continue-as-new");

    agency.addContext(new ContextAddition(Map.of("go", true)));
    awaitTrue(
        () -> stateOf(agency.state(), "late").status() == TaskStatus.COMPLETED,
        "the waiting group to run");
    agency.close();
    AgencyState state = completed(agency);

    assertThat(state.continuations()).isPositive();
    assertThat(client.newUntypedWorkflowStub("ag").describe().getExecution().getRunId())
        .isNotEqualTo(firstRun);
    assertThat(state.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(state.groups())
        .extracting(AgencyGroupState::name)
        .containsExactly("g0", "g1", "g2", "g3", "g4", "g5", "g6", "late");
    assertThat(state.groups()).allMatch(g -> g.status() == TaskStatus.COMPLETED);
    for (int i = 1; i <= 6; i++) {
      assertThat(state.context()).containsEntry("k" + i, i);
      assertThat(taskTypes.runOf("ag.g" + i + ".step" + i).params()).containsEntry("i", i);
    }
    assertThat(namespaces(state)).containsExactly("g0", "g1", "g2", "g3", "g4", "g5", "g6", "late");
    assertThat(state.context()).containsEntry("shared", "a");
    assertThat(state.conflicts())
        .hasSize(5)
        .allMatch(c -> c.key().equals("shared") && c.rejectedValue().equals("b"));
  }

  // --- cancel and clean-up ---

  @Test
  void cancel_cancelsEveryRunningGroupAndTaskAndSkipsTheRest() {
    taskTypes.with("slow", FakeTaskTypes.heartbeatsUntilCancelled());
    AgencyWorkflow agency =
        start(
            "ag",
            agency(
                Map.of(),
                single("quick", "q", "echo", Map.of("n", 1)),
                single("slowA", "work", "slow", Map.of()),
                single("slowB", "work", "slow", Map.of(), "quick"),
                single("later", "t", "echo", Map.of(), "slowA")));
    awaitTrue(
        () -> taskTypes.ranTaskIds().containsAll(List.of("ag.slowA.work", "ag.slowB.work")),
        "both slow tasks to run");

    WorkflowStub.fromTyped(agency).cancel();

    assertThatThrownBy(() -> completed(agency)).isInstanceOf(WorkflowFailedException.class);
    AgencyState state = agency.state();
    assertThat(state.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(state.groups())
        .extracting(AgencyGroupState::name, AgencyGroupState::status)
        .containsExactly(
            tuple("quick", TaskStatus.COMPLETED),
            tuple("slowA", TaskStatus.CANCELLED),
            tuple("slowB", TaskStatus.CANCELLED),
            tuple("later", TaskStatus.SKIPPED));
    // No orphans: every group and every task it started has ended.
    for (String id : List.of("ag.slowA", "ag.slowB", "ag.slowA.work", "ag.slowB.work")) {
      assertThat(executionStatus(id))
          .as(id)
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    }
    assertThat(taskTypes.cancelled()).contains("ag.slowA.work", "ag.slowB.work");
    // What completed before the cancel was merged whole.
    assertThat(state.context()).containsKey("q");
    assertThat(searchAttribute("ag", TaskSearchAttributes.TASK_STATUS)).isEqualTo("CANCELLED");
  }

  // --- helpers ---

  private AgencyWorkflow start(String id, AgencyInput input) {
    AgencyWorkflow agency =
        client.newWorkflowStub(
            AgencyWorkflow.class, workflowOptions.toBuilder().setWorkflowId(id).build());
    WorkflowClient.start(agency::run, input);
    return client.newWorkflowStub(AgencyWorkflow.class, id);
  }

  private static AgencyState completed(AgencyWorkflow agency) {
    return WorkflowStub.fromTyped(agency).getResult(AgencyState.class);
  }

  private static AgencyState failed(AgencyWorkflow agency) {
    try {
      AgencyState state = completed(agency);
      return fail("agency completed but was expected to fail: %s", state);
    } catch (WorkflowFailedException e) {
      ApplicationFailure failure = (ApplicationFailure) e.getCause();
      assertThat(failure.getType()).isEqualTo(FailureTypes.TASK_FAILED);
      AgencyState state = failure.getDetails().get(AgencyState.class);
      assertThat(state.status()).isEqualTo(TaskStatus.FAILED);
      assertThat(failure.getOriginalMessage()).isEqualTo(state.reason());
      return state;
    }
  }

  static AgencyGroupState stateOf(AgencyState state, String name) {
    return state.groups().stream()
        .filter(g -> g.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no group " + name + " in " + state));
  }

  private static List<String> namespaces(AgencyState state) {
    return ((Map<?, ?>) state.context().get("groups"))
        .keySet().stream().map(String::valueOf).toList();
  }

  private WorkflowExecutionStatus executionStatus(String id) {
    return client.newUntypedWorkflowStub(id).describe().getStatus();
  }

  private String searchAttribute(String id, SearchAttributeKey<String> key) {
    return client.newUntypedWorkflowStub(id).describe().getTypedSearchAttributes().get(key);
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

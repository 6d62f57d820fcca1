package io.taskforge.workflows.taskgroup;

import static io.taskforge.workflows.taskgroup.GroupInputs.diamond;
import static io.taskforge.workflows.taskgroup.GroupInputs.expanded;
import static io.taskforge.workflows.taskgroup.GroupInputs.group;
import static io.taskforge.workflows.taskgroup.GroupInputs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.expansion.ExpansionProgress;
import io.taskforge.workflows.expansion.ExpansionResult;
import io.taskforge.workflows.expansion.ExpansionWorkflowImpl;
import io.taskforge.workflows.expansion.FakeExpansionActivities;
import io.taskforge.workflows.task.FailureKind;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskFailure;
import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.task.TaskWorkflowImpl;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
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
class TaskGroupWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension testWorkflow = extension();

  private final FakeTaskTypes taskTypes = new FakeTaskTypes();
  private final FakeExpansionActivities expansions = new FakeExpansionActivities();
  private WorkflowClient client;
  private WorkflowOptions workflowOptions;

  static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(
                TaskGroupWorkflowImpl.class, TaskWorkflowImpl.class, ExpansionWorkflowImpl.class)
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
    // Prepare and merge run on the workflows' queue, batches on the task type's queue.
    workflowWorker.registerActivitiesImplementations(expansions);
    env.newWorker(
            GroupInputs.ACTIVITY_QUEUE,
            WorkerOptions.newBuilder()
                // Heartbeats reach the server at once, so a cancellation reaches the fake fast.
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(50))
                .build())
        .registerActivitiesImplementations(taskTypes, expansions);
    env.start();
  }

  // --- dependencies and templates ---

  @Test
  void diamond_runsInDependencyOrderAndPublishesOutputsIntoContext() {
    TaskGroupState state = completed(start("g", diamond()));

    assertThat(state.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(state.tasks())
        .extracting(GroupTaskState::name, GroupTaskState::status)
        .containsExactly(
            tuple("a", TaskStatus.COMPLETED),
            tuple("b", TaskStatus.COMPLETED),
            tuple("c", TaskStatus.COMPLETED),
            tuple("d", TaskStatus.COMPLETED));
    List<String> events = taskTypes.events();
    assertThat(events.indexOf("end g.a"))
        .isLessThan(events.indexOf("start g.b"))
        .isLessThan(events.indexOf("start g.c"));
    assertThat(events.indexOf("start g.d"))
        .isGreaterThan(events.indexOf("end g.b"))
        .isGreaterThan(events.indexOf("end g.c"));
    assertThat(state.context())
        .containsEntry("region", "eu")
        .containsEntry("a", Map.of("n", 2, "chunks", List.of("x", "y")))
        .containsEntry("b", Map.of("n", 2))
        .containsEntry("d", Map.of("text", "n=2 in eu"));
    assertThat(stateOf(state, "d").output()).isEqualTo(Map.of("text", "n=2 in eu"));
  }

  @Test
  void templateOfOneReference_receivesEarlierOutputWithItsType() {
    completed(start("g", diamond()));

    assertThat(taskTypes.runOf("g.b").params().get("n")).isEqualTo(2);
    assertThat(taskTypes.runOf("g.c").params())
        .containsEntry("chunks", List.of("x", "y"))
        .containsEntry("region", "eu");
    assertThat(taskTypes.runOf("g.d").params()).containsEntry("text", "n=2 in eu");
  }

  @Test
  void templateReferringToMissingKey_failsThatTaskNamingTheTemplate() {
    TaskGroupInput input =
        group(
            FailurePolicy.CONTINUE,
            task("a", "extract", Map.of("n", 1)),
            task("b", "count", Map.of("n", "{{tasks.a.output.missing}}"), "a"));

    TaskGroupState state = failed(start("g", input));

    GroupTaskState b = stateOf(state, "b");
    assertThat(b.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(b.failure().message())
        .isEqualTo("template '{{tasks.a.output.missing}}': task 'a' has no key 'missing'");
    assertThat(taskTypes.ranTaskIds()).containsExactly("g.a");
    assertThat(state.reason()).contains("'b'").contains("{{tasks.a.output.missing}}");
  }

  @Test
  void templateFailure_skipsItsDependentsAndRunsItsFallback() {
    TaskGroupInput input =
        group(
            FailurePolicy.CONTINUE,
            task("a", "extract", Map.of("n", 1)),
            task("b", "count", Map.of("n", "{{tasks.a.output.missing}}"), "a"),
            task("c", "report", Map.of(), "b"),
            task(
                "onError",
                "notify",
                Map.of(),
                List.of(new Dependency("b", DependencyCondition.FAILED))));

    TaskGroupState state = completed(start("g", input));

    assertThat(state.tasks())
        .extracting(GroupTaskState::name, GroupTaskState::status)
        .containsExactly(
            tuple("a", TaskStatus.COMPLETED),
            tuple("b", TaskStatus.FAILED),
            tuple("c", TaskStatus.SKIPPED),
            tuple("onError", TaskStatus.COMPLETED));
    assertThat(stateOf(state, "c").skipReason()).contains("'b'");
  }

  @Test
  void templateFailureUnderFailFast_cancelsRunningSiblingAndFailsGroup() {
    taskTypes
        .with("slow", FakeTaskTypes.heartbeatsUntilCancelled())
        .with("extract", FakeTaskTypes.echoesAfterStartOf("g.slow"));
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            task("slow", "slow", Map.of()),
            task("a", "extract", Map.of("n", 1)),
            task("b", "count", Map.of("n", "{{tasks.a.output.missing}}"), "a"),
            task("c", "report", Map.of(), "slow"));

    TaskGroupState state = failed(start("g", input));

    assertThat(state.reason())
        .isEqualTo(
            "task 'b' failed: template '{{tasks.a.output.missing}}': task 'a' has no key"
                + " 'missing'");
    assertThat(state.tasks())
        .extracting(GroupTaskState::name, GroupTaskState::status)
        .containsExactly(
            tuple("slow", TaskStatus.CANCELLED),
            tuple("a", TaskStatus.COMPLETED),
            tuple("b", TaskStatus.FAILED),
            tuple("c", TaskStatus.SKIPPED));
    assertThat(taskTypes.cancelled()).containsExactly("g.slow");
  }

  @Test
  void failedDependencyWithFallback_runsFallbackAndGroupCompletes() {
    taskTypes.with("extract", FakeTaskTypes.failsNonRetryably());
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            task("main", "extract", Map.of()),
            task(
                "fallback",
                "restore",
                Map.of("from", "backup"),
                List.of(new Dependency("main", DependencyCondition.FAILED))));

    TaskGroupState state = completed(start("g", input));

    assertThat(state.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(stateOf(state, "main").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(stateOf(state, "main").failure().message()).isEqualTo("disk full");
    assertThat(stateOf(state, "fallback").status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(state.context()).containsEntry("fallback", Map.of("from", "backup"));
  }

  @Test
  void unsatisfiableDependency_skipsDownTheChainNamingTheDependency() {
    taskTypes.with("extract", FakeTaskTypes.failsNonRetryably());
    TaskGroupInput input =
        group(
            FailurePolicy.CONTINUE,
            task("extract", "extract", Map.of()),
            task("transform", "transform", Map.of(), "extract"),
            task("load", "load", Map.of(), "transform"),
            task(
                "cleanup",
                "cleanup",
                Map.of(),
                List.of(new Dependency("load", DependencyCondition.ANY_TERMINAL))));

    TaskGroupState state = failed(start("g", input));

    assertThat(stateOf(state, "transform").status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(stateOf(state, "transform").skipReason())
        .isEqualTo("dependency 'extract' ended FAILED, needed COMPLETED");
    assertThat(stateOf(state, "load").status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(stateOf(state, "load").skipReason())
        .isEqualTo("dependency 'transform' ended SKIPPED, needed COMPLETED");
    assertThat(stateOf(state, "cleanup").status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(taskTypes.ranTaskIds()).containsExactlyInAnyOrder("g.extract", "g.cleanup");
    assertThat(state.reason()).isEqualTo("task 'extract' failed: disk full");
  }

  @Test
  void retryableFailure_isRetriedByTheTaskThenFailsIt() {
    taskTypes.with("flaky", FakeTaskTypes.failsRetryably());

    TaskGroupState state =
        failed(start("g", group(FailurePolicy.FAIL_FAST, task("a", "flaky", Map.of()))));

    assertThat(taskTypes.ranTaskIds()).containsExactly("g.a", "g.a", "g.a");
    assertThat(stateOf(state, "a").failure().type()).isEqualTo("Flaky");
    assertThat(stateOf(state, "a").failure().kind()).isEqualTo(FailureKind.ERROR);
  }

  // --- failure policies ---

  @Test
  void failFast_cancelsRunningSiblingSkipsTheRestAndKeepsCompletedResults() {
    taskTypes
        .with("slow", FakeTaskTypes.heartbeatsUntilCancelled())
        .with("quick", FakeTaskTypes.echoesAfterStartOf("g.slow"))
        .with("boom", FakeTaskTypes.failsNonRetryably());
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            task("slow", "slow", Map.of()),
            task("quick", "quick", Map.of("rows", 3)),
            task("boom", "boom", Map.of(), "quick"),
            task("afterSlow", "report", Map.of(), "slow"),
            task("afterBoom", "report", Map.of(), "boom"));

    TaskGroupState state = failed(start("g", input));

    assertThat(state.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(state.reason()).isEqualTo("task 'boom' failed: disk full");
    assertThat(state.tasks())
        .extracting(GroupTaskState::name, GroupTaskState::status)
        .containsExactly(
            tuple("slow", TaskStatus.CANCELLED),
            tuple("quick", TaskStatus.COMPLETED),
            tuple("boom", TaskStatus.FAILED),
            tuple("afterSlow", TaskStatus.SKIPPED),
            tuple("afterBoom", TaskStatus.SKIPPED));
    assertThat(stateOf(state, "quick").output()).isEqualTo(Map.of("rows", 3));
    assertThat(state.context()).containsEntry("quick", Map.of("rows", 3));
    assertThat(taskTypes.cancelled()).containsExactly("g.slow");
    assertThat(closeStatus("g.slow"))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    assertThat(taskTypes.ranTaskIds()).doesNotContain("g.afterSlow", "g.afterBoom");
  }

  @Test
  void continuePolicy_runsIndependentTasksToCompletionThenFails() {
    taskTypes.with("boom", FakeTaskTypes.failsNonRetryably());
    TaskGroupInput input =
        group(
            FailurePolicy.CONTINUE,
            task("a", "boom", Map.of()),
            task("b", "extract", Map.of("n", 1)),
            task("c", "report", Map.of(), "a"),
            task("d", "report", Map.of("n", "{{tasks.b.output.n}}"), "b"));

    TaskGroupState state = failed(start("g", input));

    assertThat(state.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(state.reason()).isEqualTo("task 'a' failed: disk full");
    assertThat(state.tasks())
        .extracting(GroupTaskState::name, GroupTaskState::status)
        .containsExactly(
            tuple("a", TaskStatus.FAILED),
            tuple("b", TaskStatus.COMPLETED),
            tuple("c", TaskStatus.SKIPPED),
            tuple("d", TaskStatus.COMPLETED));
    assertThat(state.context()).containsEntry("d", Map.of("n", 1));
  }

  @Test
  void maxConcurrency_boundsTasksRunningAtOnce() {
    taskTypes.with("work", FakeTaskTypes.echoesWithPeers(3, Duration.ofMillis(500)));
    TaskGroupInput input =
        new TaskGroupInput(
            List.of(
                task("t1", "work", Map.of()),
                task("t2", "work", Map.of()),
                task("t3", "work", Map.of()),
                task("t4", "work", Map.of()),
                task("t5", "work", Map.of())),
            Map.of(),
            FailurePolicy.FAIL_FAST,
            2,
            null,
            TaskPriority.NORMAL,
            null);

    TaskGroupState state = completed(start("g", input));

    assertThat(state.tasks()).allMatch(t -> t.status() == TaskStatus.COMPLETED);
    assertThat(taskTypes.ranTaskIds()).hasSize(5);
    // Each run waits for two peers; with at most two tasks at once it never gets them.
    assertThat(taskTypes.maxInFlight()).isEqualTo(2);
  }

  // --- timeout and cancellation ---

  @Test
  void groupTimeout_cancelsRunningChildrenAndFailsKeepingPartialResults() {
    taskTypes.with("slow", FakeTaskTypes.heartbeatsUntilCancelled());
    TaskGroupInput input =
        new TaskGroupInput(
            List.of(
                task("quick", "extract", Map.of("n", 1)),
                task("slow", "slow", Map.of(), "quick"),
                task("after", "report", Map.of(), "slow")),
            Map.of(),
            FailurePolicy.FAIL_FAST,
            10,
            // Short: the test server does not skip time while an activity runs.
            Duration.ofSeconds(3),
            TaskPriority.NORMAL,
            null);

    TaskGroupState state = failed(start("g", input));

    assertThat(state.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(state.reason()).contains("timed out");
    assertThat(state.tasks())
        .extracting(GroupTaskState::name, GroupTaskState::status)
        .containsExactly(
            tuple("quick", TaskStatus.COMPLETED),
            tuple("slow", TaskStatus.CANCELLED),
            tuple("after", TaskStatus.SKIPPED));
    assertThat(stateOf(state, "quick").output()).isEqualTo(Map.of("n", 1));
    assertThat(taskTypes.cancelled()).containsExactly("g.slow");
  }

  @Test
  void cancellingGroup_cancelsChildrenSkipsTheRestAndEndsCancelled() {
    taskTypes.with("slow", FakeTaskTypes.heartbeatsUntilCancelled());
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            task("quick", "extract", Map.of("n", 1)),
            task("slow", "slow", Map.of(), "quick"),
            task("after", "report", Map.of(), "slow"));
    TaskGroupWorkflow group = start("g", input);
    awaitTrue(() -> taskTypes.ranTaskIds().contains("g.slow"), "g.slow running");
    assertThat(group.state().status()).isEqualTo(TaskStatus.RUNNING);

    WorkflowStub.fromTyped(group).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(group).getResult(TaskGroupState.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    TaskGroupState state = group.state();
    assertThat(state.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(state.tasks())
        .extracting(GroupTaskState::name, GroupTaskState::status)
        .containsExactly(
            tuple("quick", TaskStatus.COMPLETED),
            tuple("slow", TaskStatus.CANCELLED),
            tuple("after", TaskStatus.SKIPPED));
    assertThat(stateOf(state, "after").skipReason()).isEqualTo("group was cancelled");
    assertThat(stateOf(state, "quick").output()).isEqualTo(Map.of("n", 1));
    assertThat(taskTypes.cancelled()).containsExactly("g.slow");
    assertThat(closeStatus("g.slow"))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    assertThat(searchableStatus("g")).isEqualTo(TaskStatus.CANCELLED.name());
  }

  // --- resume, ids and search attributes ---

  @Test
  void resume_doesNotRerunCompletedTasksAndKeepsTheirOutputs() {
    GroupTaskState doneBefore =
        new GroupTaskState(
            "a", TaskStatus.COMPLETED, "g.a", Map.of("n", 5), null, null, null, null, null);
    TaskGroupInput input =
        group(
                FailurePolicy.FAIL_FAST,
                task("a", "extract", Map.of("n", 1)),
                task("b", "count", Map.of("n", "{{tasks.a.output.n}}"), "a"))
            .withResume(new GroupResume(Map.of("a", doneBefore), List.of()));

    TaskGroupState state = completed(start("g", input));

    assertThat(taskTypes.ranTaskIds()).containsExactly("g.b");
    assertThat(taskTypes.runOf("g.b").params()).containsEntry("n", 5);
    assertThat(stateOf(state, "a").status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(stateOf(state, "a").output()).isEqualTo(Map.of("n", 5));
    assertThat(state.context())
        .containsEntry("a", Map.of("n", 5))
        .containsEntry("b", Map.of("n", 5));
  }

  @Test
  void children_areNamedGroupDotTaskAndCarryTheGroupIdSearchAttribute() {
    TaskGroupState state = completed(start("g-42", diamond()));

    assertThat(state.tasks())
        .extracting(GroupTaskState::taskId)
        .containsExactly("g-42.a", "g-42.b", "g-42.c", "g-42.d");
    WorkflowExecutionDescription child = client.newUntypedWorkflowStub("g-42.c").describe();
    assertThat(child.getWorkflowType()).isEqualTo("TaskWorkflow");
    assertThat(child.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_GROUP_ID))
        .isEqualTo("g-42");
    assertThat(child.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_TYPE))
        .isEqualTo("split");
    assertThat(child.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_STATUS))
        .isEqualTo(TaskStatus.COMPLETED.name());
    assertThat(searchableStatus("g-42")).isEqualTo(TaskStatus.COMPLETED.name());
  }

  @Test
  void children_belongToTheGroupsTenant() {
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            task("a", "extract", Map.of("n", 1)),
            expanded("each", Map.of("v", "{{item}}"), ExpansionSpec.array(List.of(1, 2)), "a"));
    TaskGroupWorkflow group =
        client.newWorkflowStub(
            TaskGroupWorkflow.class,
            workflowOptions.toBuilder()
                .setWorkflowId("tenanted")
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder().set(TaskSearchAttributes.TENANT, "acme").build())
                .build());
    WorkflowClient.start(group::run, input);
    completed(group);

    for (String child : List.of("tenanted.a", "tenanted.each")) {
      assertThat(
              client
                  .newUntypedWorkflowStub(child)
                  .describe()
                  .getTypedSearchAttributes()
                  .get(TaskSearchAttributes.TENANT))
          .as(child)
          .isEqualTo("acme");
    }
  }

  @Test
  void groupWithoutTenant_startsChildrenWithoutOne() {
    completed(start("untenanted", diamond()));

    assertThat(
            client
                .newUntypedWorkflowStub("untenanted.a")
                .describe()
                .getTypedSearchAttributes()
                .get(TaskSearchAttributes.TENANT))
        .isNull();
  }

  @Test
  void scheduledGroup_correctsItsGroupIdToTheIdTheScheduleGaveIt() {
    // What a schedule does: the start options name the id without the appended scheduled time.
    String id = "nightly-2026-01-31T03:00:00Z";
    TaskGroupWorkflow group =
        client.newWorkflowStub(
            TaskGroupWorkflow.class,
            workflowOptions.toBuilder()
                .setWorkflowId(id)
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(TaskSearchAttributes.TASK_GROUP_ID, "nightly")
                        .build())
                .build());
    WorkflowClient.start(group::run, diamond());

    completed(group);

    assertThat(
            client
                .newUntypedWorkflowStub(id)
                .describe()
                .getTypedSearchAttributes()
                .get(TaskSearchAttributes.TASK_GROUP_ID))
        .isEqualTo(id);
    assertThat(
            client
                .newUntypedWorkflowStub(id + ".a")
                .describe()
                .getTypedSearchAttributes()
                .get(TaskSearchAttributes.TASK_GROUP_ID))
        .isEqualTo(id);
  }

  // --- expansion ---

  @Test
  void expansionLargerThanTheGroupsLimitAtRunTime_failsThatTaskForGood() {
    TaskGroupInput input =
        group(
                FailurePolicy.CONTINUE,
                task("split", "split", Map.of("chunks", List.of("a", "b", "c"))),
                expanded(
                    "process",
                    Map.of("chunk", "{{item}}"),
                    ExpansionSpec.array("{{tasks.split.output.chunks}}"),
                    "split"))
            .withMaxExpansionItems(2L);

    TaskGroupState state = failed(start("limited", input));

    GroupTaskState process = stateOf(state, "process");
    assertThat(process.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(process.failure().type()).isEqualTo(ExpansionResult.TOO_LARGE);
    assertThat(process.failure().message()).contains("3 items", "limit of 2");
    assertThat(taskTypes.ranTaskIds()).containsExactly("limited.split");
    assertThat(expansions.batches()).isEmpty();
  }

  @Test
  void arrayExpansionWithMerge_publishesOutputsInItemOrder() {
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            task("split", "split", Map.of("chunks", List.of("a", "b", "c"))),
            expanded(
                "process",
                Map.of("chunk", "{{item}}", "index", "{{index}}"),
                ExpansionSpec.array("{{tasks.split.output.chunks}}").withParallelism(3),
                "split"),
            task("report", "report", Map.of("all", "{{tasks.process.output}}"), "process"));

    TaskGroupState state = completed(start("g", input));

    List<Map<String, Object>> expected =
        List.of(
            Map.of("chunk", "a", "index", 0),
            Map.of("chunk", "b", "index", 1),
            Map.of("chunk", "c", "index", 2));
    assertThat(stateOf(state, "process").output()).isEqualTo(expected);
    assertThat(stateOf(state, "process").expansion()).isEqualTo(new ExpansionProgress(3, 3, 0));
    assertThat(state.context()).containsEntry("process", expected);
    assertThat(taskTypes.runOf("g.report").params()).containsEntry("all", expected);
    WorkflowExecutionDescription root = client.newUntypedWorkflowStub("g.process").describe();
    assertThat(root.getWorkflowType()).isEqualTo("ExpansionWorkflow");
    assertThat(root.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_GROUP_ID))
        .isEqualTo("g");
  }

  @Test
  void separateExpansion_publishesItemKeysThatLaterTemplatesRead() {
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            expanded(
                "process",
                Map.of("value", "{{item}}"),
                ExpansionSpec.array(List.of(10, 20)).withOutput(OutputFormat.SEPARATE)),
            task(
                "report",
                "report",
                Map.of(
                    "first",
                    "{{tasks.process[0].output.value}}",
                    "second",
                    "{{tasks.process[1].output.value}}"),
                "process"));

    TaskGroupState state = completed(start("g", input));

    assertThat(state.context())
        .containsEntry("process[0]", Map.of("value", 10))
        .containsEntry("process[1]", Map.of("value", 20));
    assertThat(taskTypes.runOf("g.report").params())
        .containsEntry("first", 10)
        .containsEntry("second", 20);
  }

  @Test
  void singleExpansion_passesTheWholeListAsItemsToOneTask() {
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            task("split", "split", Map.of("chunks", List.of("x", "y"))),
            expanded(
                "bulk",
                Map.of("mode", "all"),
                ExpansionSpec.array("{{tasks.split.output.chunks}}")
                    .withOutput(OutputFormat.SINGLE),
                "split"));

    TaskGroupState state = completed(start("g", input));

    assertThat(taskTypes.ranTaskIds()).containsExactly("g.split", "g.bulk");
    assertThat(taskTypes.runOf("g.bulk").params())
        .isEqualTo(Map.of("mode", "all", "items", List.of("x", "y")));
    assertThat(expansions.batches()).isEmpty();
    assertThat(client.newUntypedWorkflowStub("g.bulk").describe().getWorkflowType())
        .isEqualTo("TaskWorkflow");
    assertThat(stateOf(state, "bulk").output())
        .isEqualTo(Map.of("mode", "all", "items", List.of("x", "y")));
  }

  @Test
  void itemFailuresWithFailPolicy_failTheTaskKeepingTheSuccessfulOutputs() {
    TaskGroupInput input =
        group(
            FailurePolicy.CONTINUE,
            expanded(
                "process", Map.of("fail", "{{item.fail}}", "n", "{{item.n}}"), failingItems()));

    TaskGroupState state = failed(start("g", input));

    GroupTaskState process = stateOf(state, "process");
    assertThat(process.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(process.failure())
        .isEqualTo(
            new TaskFailure(
                FailureKind.ERROR, "1 of 3 items failed", ExpansionResult.ITEMS_FAILED, 0));
    assertThat(process.expansion()).isEqualTo(new ExpansionProgress(3, 2, 1));
    assertThat(process.output())
        .isEqualTo(List.of(Map.of("fail", false, "n", 1), Map.of("fail", false, "n", 3)));
    ApplicationFailure expansionFailure = expansionFailure("g.process");
    assertThat(expansionFailure.getType()).isEqualTo(ExpansionResult.ITEMS_FAILED);
    ExpansionResult partial = expansionFailure.getDetails().get(1, ExpansionResult.class);
    assertThat(partial.failedCount()).isEqualTo(1);
    assertThat(partial.failures()).extracting(f -> f.index()).containsExactly(1L);
  }

  @Test
  void itemFailuresWithCompleteWithSuccesses_completeTheTaskWithTheSuccessfulOutputs() {
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            expanded(
                "process",
                Map.of("fail", "{{item.fail}}", "n", "{{item.n}}"),
                failingItems().withOnItemFailure(ItemFailurePolicy.COMPLETE_WITH_SUCCESSES)));

    TaskGroupState state = completed(start("g", input));

    GroupTaskState process = stateOf(state, "process");
    assertThat(process.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(process.expansion()).isEqualTo(new ExpansionProgress(3, 2, 1));
    assertThat(process.output())
        .isEqualTo(List.of(Map.of("fail", false, "n", 1), Map.of("fail", false, "n", 3)));
  }

  @Test
  void resumeWithRetryExpansion_runsOnlyTheItemsThatFailed() {
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            task("a", "extract", Map.of("n", 1)),
            expanded(
                "process",
                Map.of("fail", "{{item.fail}}", "n", "{{item.n}}"),
                failingItems(),
                "a"));
    TaskGroupState first = failed(start("g", input));
    long itemsRunFirst = expansions.itemRuns();
    expansions.fixFailures();

    TaskGroupState second =
        completed(
            start(
                "g",
                input.withResume(
                    new GroupResume(Map.of("a", stateOf(first, "a")), List.of("process")))));

    assertThat(itemsRunFirst).isEqualTo(3);
    assertThat(expansions.itemRuns() - itemsRunFirst).isEqualTo(1);
    assertThat(taskTypes.ranTaskIds()).containsExactly("g.a");
    assertThat(stateOf(second, "process").output())
        .isEqualTo(
            List.of(
                Map.of("fail", false, "n", 1),
                Map.of("fail", true, "n", 2),
                Map.of("fail", false, "n", 3)));
  }

  @Test
  void expansionOverEmptyList_completesWithEmptyOutput() {
    TaskGroupInput input =
        group(
            FailurePolicy.FAIL_FAST,
            task("split", "split", Map.of("chunks", List.of())),
            expanded(
                "process",
                Map.of("chunk", "{{item}}"),
                ExpansionSpec.array("{{tasks.split.output.chunks}}"),
                "split"));

    TaskGroupState state = completed(start("g", input));

    assertThat(stateOf(state, "process").output()).isEqualTo(List.of());
    assertThat(stateOf(state, "process").expansion()).isEqualTo(new ExpansionProgress(0, 0, 0));
  }

  // --- helpers ---

  private static ExpansionSpec failingItems() {
    return ExpansionSpec.array(
        List.of(
            Map.of("n", 1, "fail", false),
            Map.of("n", 2, "fail", true),
            Map.of("n", 3, "fail", false)));
  }

  private TaskGroupWorkflow start(String groupId, TaskGroupInput input) {
    TaskGroupWorkflow group =
        client.newWorkflowStub(
            TaskGroupWorkflow.class, workflowOptions.toBuilder().setWorkflowId(groupId).build());
    WorkflowClient.start(group::run, input);
    return group;
  }

  private static TaskGroupState completed(TaskGroupWorkflow group) {
    return WorkflowStub.fromTyped(group).getResult(TaskGroupState.class);
  }

  /** Runs the group to its end and returns the state its failure carries. */
  private static TaskGroupState failed(TaskGroupWorkflow group) {
    try {
      TaskGroupState state = completed(group);
      return fail("group completed but was expected to fail: %s", state);
    } catch (WorkflowFailedException e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
      ApplicationFailure failure = (ApplicationFailure) e.getCause();
      assertThat(failure.getType()).isEqualTo(FailureTypes.TASK_FAILED);
      assertThat(failure.isNonRetryable()).isTrue();
      TaskGroupState state = failure.getDetails().get(TaskGroupState.class);
      assertThat(failure.getOriginalMessage()).isEqualTo(state.reason());
      assertThat(state).isEqualTo(group.state());
      return state;
    }
  }

  private ApplicationFailure expansionFailure(String expansionId) {
    try {
      client.newUntypedWorkflowStub(expansionId).getResult(ExpansionResult.class);
      return fail("expansion %s completed but was expected to fail", expansionId);
    } catch (WorkflowFailedException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ChildWorkflowFailure child) {
        cause = child.getCause();
      }
      assertThat(cause).isInstanceOf(ApplicationFailure.class);
      return (ApplicationFailure) cause;
    }
  }

  private static GroupTaskState stateOf(TaskGroupState state, String name) {
    return state.tasks().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no task " + name + " in " + state));
  }

  private WorkflowExecutionStatus closeStatus(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).describe().getStatus();
  }

  private String searchableStatus(String workflowId) {
    return client
        .newUntypedWorkflowStub(workflowId)
        .describe()
        .getTypedSearchAttributes()
        .get(TaskSearchAttributes.TASK_STATUS);
  }

  /** Waits (briefly, real time) for something a worker does. */
  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
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

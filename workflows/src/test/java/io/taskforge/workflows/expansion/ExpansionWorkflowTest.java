package io.taskforge.workflows.expansion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.expansion.ExpansionActivities.BatchInput;
import io.taskforge.workflows.task.FailureKind;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskFailure;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.taskforge.workflows.taskgroup.ItemFailurePolicy;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(120)
class ExpansionWorkflowTest {
  static final String ACTIVITY_QUEUE = "expansion-test-activities";

  /** Well under Temporal's limits; what a workflow with bounded work should stay below. */
  private static final int SMALL_HISTORY = 400;

  @RegisterExtension static final TestWorkflowExtension testWorkflow = extension();

  private final FakeExpansionActivities activities = new FakeExpansionActivities();
  private WorkflowClient client;
  private WorkflowOptions workflowOptions;

  private static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(ExpansionWorkflowImpl.class)
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
    workflowWorker.registerActivitiesImplementations(activities);
    env.newWorker(ACTIVITY_QUEUE).registerActivitiesImplementations(activities);
    env.start();
  }

  @Test
  void largeRange_runsAsTreeOfSmallHistoriesCoveringEveryItemOnce() {
    ExpansionResult result =
        run("big", range(20_000), Map.of("n", "{{index}}", "tag", "item-{{item}}"));

    assertThat(result.total()).isEqualTo(20_000);
    assertThat(result.succeeded()).isEqualTo(20_000);
    assertThat(result.failedCount()).isZero();
    // Too large to keep inline, so the merged output is stored and referenced.
    assertThat(result.output()).isNull();
    assertThat(result.outputRef()).isNotNull();
    assertCoversExactly(activities.batches(), 20_000);
    assertThat(activities.batches())
        .allSatisfy(
            b -> assertThat(b.to() - b.from()).isLessThanOrEqualTo(ExpansionPlan.MAX_BATCH));
    assertThat(activities.outputs("big"))
        .hasSize(20_000)
        .containsEntry(19_999L, Map.of("n", 19_999, "tag", "item-19999"));

    Map<String, Integer> eventsByWorkflow = new LinkedHashMap<>();
    Map<String, List<String>> childrenByWorkflow = new LinkedHashMap<>();
    Deque<String> pending = new ArrayDeque<>(List.of("big"));
    while (!pending.isEmpty()) {
      String id = pending.pop();
      List<HistoryEvent> events = client.fetchHistory(id).getEvents();
      List<String> children =
          events.stream()
              .filter(HistoryEvent::hasStartChildWorkflowExecutionInitiatedEventAttributes)
              .map(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId())
              .toList();
      eventsByWorkflow.put(id, events.size());
      childrenByWorkflow.put(id, children);
      pending.addAll(children);
    }
    assertThat(eventsByWorkflow).hasSize(11);
    assertThat(eventsByWorkflow.values()).allSatisfy(n -> assertThat(n).isLessThan(SMALL_HISTORY));
    assertThat(childrenByWorkflow.values())
        .allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(ExpansionPlan.FANOUT));
    assertThat(childrenByWorkflow.get("big")).hasSize(10).contains("big/0-2000", "big/18000-20000");
  }

  @Test
  void parallelism_boundsBatchesRunningAtOnceInALeaf() {
    // Each batch waits for one more peer than the parallelism allows, so only a broken bound
    // would let them all meet.
    activities.holdingForPeers(4, Duration.ofMillis(300));

    ExpansionResult result = run("p3", range(600).withParallelism(3), Map.of("n", "{{item}}"));

    assertThat(result.succeeded()).isEqualTo(600);
    assertThat(activities.batches()).hasSize(6);
    assertThat(activities.maxInFlight()).isEqualTo(3);
  }

  @Test
  void parallelism_boundsBatchesRunningAtOnceAcrossLeaves() {
    activities.holdingForPeers(17, Duration.ofMillis(200));

    ExpansionResult result = run("p16", range(20_000).withParallelism(16), Map.of("n", "{{item}}"));

    assertThat(result.succeeded()).isEqualTo(20_000);
    // Two leaves of eight batches each run at once; never more.
    assertThat(activities.maxInFlight()).isGreaterThan(8).isLessThanOrEqualTo(16);
  }

  @Test
  void itemFailuresWithFailPolicy_failWithExactCountsAndPartialResults() {
    ExpansionSpec spec =
        ExpansionSpec.custom(
            FakeExpansionActivities.RANGE, Map.of("count", 5_000, "failEvery", 10));

    ApplicationFailure failure =
        failure("fails", spec, Map.of("n", "{{item.n}}", "fail", "{{item.fail}}"));

    assertThat(failure.getType()).isEqualTo(ExpansionResult.ITEMS_FAILED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getDetails().get(0, TaskFailure.class))
        .isEqualTo(
            new TaskFailure(
                FailureKind.ERROR, "500 of 5000 items failed", ExpansionResult.ITEMS_FAILED, 0));
    ExpansionResult partial = failure.getDetails().get(1, ExpansionResult.class);
    assertThat(partial.progress()).isEqualTo(new ExpansionProgress(5_000, 4_500, 500));
    assertThat(partial.failures()).hasSize(ExpansionResult.MAX_REPORTED_FAILURES);
    assertThat(partial.failures()).allSatisfy(f -> assertThat(f.index() % 10).isZero());
    // 4,500 outputs are over the inline limit: the partial results are kept by reference.
    assertThat(partial.output()).isNull();
    assertThat(partial.outputRef()).isNotNull();
    assertThat(partial.outputRef().taskId()).isEqualTo("fails");
  }

  @Test
  void itemFailuresWithCompleteWithSuccesses_completeWithTheSuccessfulOutputs() {
    ExpansionSpec spec =
        ExpansionSpec.custom(FakeExpansionActivities.RANGE, Map.of("count", 30, "failEvery", 10))
            .withOnItemFailure(ItemFailurePolicy.COMPLETE_WITH_SUCCESSES);

    ExpansionResult result =
        run("partial", spec, Map.of("n", "{{item.n}}", "fail", "{{item.fail}}"));

    assertThat(result.progress()).isEqualTo(new ExpansionProgress(30, 27, 3));
    assertThat(result.output())
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .hasSize(27)
        .first()
        .isEqualTo(Map.of("n", 1, "fail", false));
  }

  @Test
  void resume_cutsTheSameBatchesAndRunsOnlyTheItemsThatFailed() {
    ExpansionSpec spec =
        ExpansionSpec.custom(
            FakeExpansionActivities.RANGE, Map.of("count", 2_500, "failEvery", 100));
    Map<String, Object> params = Map.of("n", "{{item.n}}", "fail", "{{item.fail}}");
    failure("retry", spec, params);
    List<BatchInput> firstRun = activities.batches();
    long firstItemRuns = activities.itemRuns();
    activities.fixFailures();

    ExpansionResult result = run("retry", root("retry", spec, params, true));

    assertThat(result.progress()).isEqualTo(new ExpansionProgress(2_500, 2_500, 0));
    List<BatchInput> secondRun =
        activities.batches().subList(firstRun.size(), activities.batches().size());
    assertThat(ranges(secondRun)).containsExactlyInAnyOrderElementsOf(ranges(firstRun));
    assertThat(secondRun).allMatch(BatchInput::resume);
    assertThat(activities.itemRuns() - firstItemRuns).isEqualTo(25);
  }

  @Test
  void moreItemsThanTheLimit_failsForGoodBeforeRunningAnyItem() {
    ExpansionInput input =
        new ExpansionInput(
            "capped",
            null,
            "process",
            itemTask(Map.of("n", "{{item}}")),
            range(1_001),
            Map.of(),
            Map.of(),
            null,
            0,
            0,
            false,
            1_000L);

    try {
      run("capped", input);
      fail("an expansion over its limit completed");
    } catch (WorkflowFailedException e) {
      assertThat(e.getCause())
          .asInstanceOf(InstanceOfAssertFactories.type(ApplicationFailure.class))
          .satisfies(
              f -> {
                assertThat(f.getType()).isEqualTo(ExpansionResult.TOO_LARGE);
                assertThat(f.isNonRetryable()).isTrue();
                assertThat(f.getOriginalMessage()).contains("1001 items", "limit of 1000");
              });
    }
    assertThat(activities.batches()).isEmpty();
  }

  @Test
  void itemsWithinTheLimit_run() {
    ExpansionInput input =
        new ExpansionInput(
            "at-limit",
            null,
            "process",
            itemTask(Map.of("n", "{{item}}")),
            range(1_000),
            Map.of(),
            Map.of(),
            null,
            0,
            0,
            false,
            1_000L);

    assertThat(run("at-limit", input).succeeded()).isEqualTo(1_000);
  }

  @Test
  void subtrees_belongToTheRootsTenant() {
    WorkflowOptions options =
        workflowOptions.toBuilder()
            .setWorkflowId("tenanted")
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder().set(TaskSearchAttributes.TENANT, "acme").build())
            .build();

    run(options, root("tenanted", range(5_000), Map.of("n", "{{item}}"), false));

    List<String> subtrees =
        client.fetchHistory("tenanted").getEvents().stream()
            .filter(HistoryEvent::hasStartChildWorkflowExecutionInitiatedEventAttributes)
            .map(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId())
            .toList();
    assertThat(subtrees).isNotEmpty();
    assertThat(subtrees)
        .allSatisfy(
            id ->
                assertThat(
                        client
                            .newUntypedWorkflowStub(id)
                            .describe()
                            .getTypedSearchAttributes()
                            .get(TaskSearchAttributes.TENANT))
                    .isEqualTo("acme"));
  }

  // --- helpers ---

  static TaskInput itemTask(Map<String, Object> params) {
    return new TaskInput(
        "item",
        params,
        TaskPriority.NORMAL,
        ACTIVITY_QUEUE,
        RetrySpec.of(3, Duration.ofSeconds(1)),
        new TimeoutSpec(Duration.ofMinutes(10), Duration.ofMinutes(5), null, Duration.ofMinutes(1)),
        false,
        null);
  }

  private static ExpansionSpec range(int count) {
    return ExpansionSpec.custom(FakeExpansionActivities.RANGE, Map.of("count", count));
  }

  private static ExpansionInput root(
      String id, ExpansionSpec spec, Map<String, Object> params, boolean resume) {
    return new ExpansionInput(
        id, null, "process", itemTask(params), spec, Map.of(), Map.of(), null, 0, 0, resume, null);
  }

  private ExpansionResult run(String id, ExpansionSpec spec, Map<String, Object> params) {
    return run(id, root(id, spec, params, false));
  }

  private ExpansionResult run(String id, ExpansionInput input) {
    return run(workflowOptions.toBuilder().setWorkflowId(id).build(), input);
  }

  private ExpansionResult run(WorkflowOptions options, ExpansionInput input) {
    ExpansionWorkflow workflow = client.newWorkflowStub(ExpansionWorkflow.class, options);
    WorkflowClient.start(workflow::run, input);
    return WorkflowStub.fromTyped(workflow).getResult(ExpansionResult.class);
  }

  private ApplicationFailure failure(String id, ExpansionSpec spec, Map<String, Object> params) {
    try {
      ExpansionResult result = run(id, spec, params);
      return fail("expansion completed but was expected to fail: %s", result);
    } catch (WorkflowFailedException e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
      return (ApplicationFailure) e.getCause();
    }
  }

  private static List<List<Long>> ranges(List<BatchInput> batches) {
    return batches.stream().map(b -> List.of(b.from(), b.to())).toList();
  }

  private static void assertCoversExactly(List<BatchInput> batches, long total) {
    List<BatchInput> sorted = new ArrayList<>(batches);
    sorted.sort(Comparator.comparingLong(BatchInput::from));
    long next = 0;
    for (BatchInput batch : sorted) {
      assertThat(batch.from()).as("batch starts where the previous ended").isEqualTo(next);
      assertThat(batch.to()).isGreaterThan(batch.from());
      next = batch.to();
    }
    assertThat(next).isEqualTo(total);
  }
}

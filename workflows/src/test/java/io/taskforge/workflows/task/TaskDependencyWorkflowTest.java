package io.taskforge.workflows.task;

import static io.taskforge.workflows.task.TaskInputs.sleepTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.taskgroup.DependencyCondition;
import io.taskforge.workflows.webhook.WebhookOutcome;
import io.taskforge.workflows.webhook.WebhookSpec;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dependencies between standalone tasks and webhooks, under a time-skipping test server. */
class TaskDependencyWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension testWorkflow = extension();

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private WorkflowOptions workflowOptions;
  private Worker workflowWorker;
  private FakeLinks.Lookups lookups;
  private FakeLinks.Webhooks webhooks;
  private FakeTaskType tasks;

  private static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(TaskWorkflowImpl.class)
            .setUseTimeskipping(true)
            .setDoNotStart(true);
    for (SearchAttributeKey<String> key : TaskSearchAttributes.ALL) {
      builder.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return builder.build();
  }

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowOptions workflowOptions, Worker worker) {
    this.env = env;
    this.client = env.getWorkflowClient();
    this.workflowOptions = workflowOptions;
    this.workflowWorker = worker;
  }

  // --- dependencies ---

  @Test
  void dependent_waitsWhileDependencyOpen_thenRunsAfterItCompletes() {
    start(FakeTaskType.succeeds(), 0);
    TaskWorkflow a = submit("a", sleepTask().manualStart().build());
    TaskWorkflow b = submit("b", dependsOn("a", DependencyCondition.COMPLETED));

    awaitStatus("b", TaskStatus.WAITING);
    env.sleep(Duration.ofHours(1));
    assertThat(b.state().status()).isEqualTo(TaskStatus.WAITING);
    assertThat(tasks.attempts()).isEmpty();

    a.execute();
    TaskResult result = resultOf(b);

    assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(tasks.attempts()).extracting(t -> t.input().taskId()).containsExactly("a", "b");
    assertThat(b.state().dependencies()).containsEntry("a", TaskStatus.COMPLETED);
  }

  @Test
  void dependencyThatFails_skipsDependentWithReasonNamingIt() {
    start(failsFor("a"), 0);
    submit("a", sleepTask().retry(TaskInputs.retry(1, Duration.ofSeconds(1))).build());
    TaskWorkflow b = submit("b", dependsOn("a", DependencyCondition.COMPLETED));

    TaskResult result = resultOf(b);

    assertThat(result.status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(result.reason()).contains("dependency a ended FAILED").contains("COMPLETED");
    assertStatus("b", TaskStatus.SKIPPED);
    assertThat(tasks.attempts()).extracting(t -> t.input().taskId()).containsExactly("a");
  }

  @Test
  void dependencyRequiredToFail_runsDependentWhenItFails() {
    start(failsFor("a"), 0);
    submit("a", sleepTask().retry(TaskInputs.retry(1, Duration.ofSeconds(1))).build());

    TaskResult result = resultOf(submit("b", dependsOn("a", DependencyCondition.FAILED)));

    assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
  }

  @Test
  void dependencyAlreadyClosed_isResolvedAtOnceByLookup() {
    start(FakeTaskType.succeeds(), 0);
    resultOf(submit("a", sleepTask().build()));

    TaskResult completed = resultOf(submit("b", dependsOn("a", DependencyCondition.COMPLETED)));
    TaskResult skipped = resultOf(submit("c", dependsOn("a", DependencyCondition.FAILED)));

    assertThat(completed.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(skipped.status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(skipped.reason()).contains("dependency a ended COMPLETED but FAILED was required");
    // One lookup each, right after the refused registration: no backstop round was needed.
    assertThat(lookups.looked).containsExactly("a", "a");
  }

  @Test
  void registrationWhileDependencyIsClosing_isStillAnswered() {
    CountDownLatch release = new CountDownLatch(1);
    start(FakeTaskType.succeeds(), 0, release);
    TaskWorkflow a = submit("a", sleepTask().build().withWebhook(webhook()));
    // a has recorded COMPLETED and is delivering its webhook (held): it is closing.
    awaitStatus("a", TaskStatus.COMPLETED);

    TaskWorkflow b = submit("b", dependsOn("a", DependencyCondition.COMPLETED));
    TaskResult result = resultOf(b);
    release.countDown();

    assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(resultOf(a).webhook().delivered()).isTrue();
    assertThat(lookups.looked).as("told by a's signal while it closed").isEmpty();
  }

  /**
   * Provokes the close race: the dependency's own activity submits the dependent just before it
   * returns, so the dependent's registration signal reaches the dependency in the same moment its
   * workflow task records the result and closes. Whichever way each round goes (signal handled
   * first, completion rejected and retried, or signal refused as closed and looked up), the
   * dependent must complete.
   */
  @Test
  void dependentsRegisteringAsDependencyCloses_allComplete() {
    FakeTaskType.Behaviour submitsDependent =
        (attempt, context) -> {
          String id = context.getInfo().getWorkflowId();
          if (id.startsWith("dep-")) {
            submit("dependent-" + id, dependsOn(id, DependencyCondition.COMPLETED));
          }
          return FakeTaskType.OUTPUT;
        };
    start(submitsDependent, 0);

    for (int i = 0; i < 10; i++) {
      resultOf(submit("dep-" + i, sleepTask().build()));
    }

    for (int i = 0; i < 10; i++) {
      TaskWorkflow dependent = client.newWorkflowStub(TaskWorkflow.class, "dependent-dep-" + i);
      assertThat(resultOf(dependent).status())
          .as("dependent %d", i)
          .isEqualTo(TaskStatus.COMPLETED);
    }
  }

  @Test
  void terminatedDependency_isFoundByTheBackstopLookup() {
    start(FakeTaskType.succeeds(), 0);
    submit("a", sleepTask().manualStart().build());
    TaskWorkflow b = submit("b", dependsOn("a", DependencyCondition.ANY_TERMINAL));
    awaitStatus("b", TaskStatus.WAITING);

    client.newUntypedWorkflowStub("a").terminate("force-cancelled");
    TaskResult result = resultOf(b); // time skips to the 5-minute backstop

    assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(b.state().dependencies()).containsEntry("a", TaskStatus.CANCELLED);
    assertThat(lookups.looked).contains("a");
  }

  @Test
  void cancelWhileWaiting_endsCancelledAndTellsItsOwnDependents() {
    start(FakeTaskType.succeeds(), 0);
    submit("a", sleepTask().manualStart().build());
    TaskWorkflow b = submit("b", dependsOn("a", DependencyCondition.COMPLETED));
    TaskWorkflow c = submit("c", dependsOn("b", DependencyCondition.CANCELLED));
    awaitStatus("c", TaskStatus.WAITING);

    WorkflowStub.fromTyped(b).cancel();

    assertThat(resultOf(c).status()).isEqualTo(TaskStatus.COMPLETED);
    assertStatus("b", TaskStatus.CANCELLED);
  }

  // --- webhooks ---

  @Test
  void webhook_isDeliveredAfterRetriesWithFinalStatusAlreadyRecorded() {
    start(FakeTaskType.succeeds(), 2);

    TaskResult result = resultOf(submit("a", sleepTask().build().withWebhook(webhook())));

    assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(result.webhook())
        .isEqualTo(new WebhookOutcome("http://hooks.test/done", true, 3, 200, null));
    assertThat(webhooks.statusSeen).containsOnly("COMPLETED");
    assertThat(webhooks.deliveries).hasSize(3);
    var body = webhooks.deliveries.get(0).body();
    assertThat(body.event()).isEqualTo("task.completed");
    assertThat(body.taskId()).isEqualTo("a");
    assertThat(body.result()).isEqualTo(FakeTaskType.OUTPUT.data());
    assertThat(body.closedAt()).isNotNull();
    assertThat(webhooks.deliveries)
        .extracting(d -> d.deliveryId())
        .containsOnly(webhooks.deliveries.get(0).deliveryId());
  }

  @Test
  void webhookThatNeverSucceeds_isRecordedWithoutChangingTheTaskStatus() {
    start(FakeTaskType.succeeds(), Integer.MAX_VALUE);
    WebhookSpec spec =
        new WebhookSpec("http://hooks.test/done", "s3cret", null, 3, Duration.ofSeconds(1));

    TaskResult result = resultOf(submit("a", sleepTask().build().withWebhook(spec)));

    assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(result.webhook().delivered()).isFalse();
    assertThat(result.webhook().attempts()).isEqualTo(3);
    assertThat(result.webhook().lastError()).contains("HTTP 500");
    assertStatus("a", TaskStatus.COMPLETED);
  }

  @Test
  void failedTask_deliversTaskFailedAndKeepsOutcomeInItsFailure() {
    start(failsFor("a"), 0);
    TaskInput input =
        sleepTask()
            .retry(TaskInputs.retry(1, Duration.ofSeconds(1)))
            .build()
            .withWebhook(webhook());

    TaskWorkflow a = submit("a", input);
    try {
      resultOf(a);
      fail("expected the task to fail");
    } catch (WorkflowFailedException e) {
      TaskFailure failure = ((ApplicationFailure) e.getCause()).getDetails().get(TaskFailure.class);
      assertThat(failure.webhook().delivered()).isTrue();
    }
    assertThat(webhooks.deliveries.get(0).body().event()).isEqualTo("task.failed");
    assertThat(webhooks.deliveries.get(0).body().failure().message()).isEqualTo("attempt 1 failed");
  }

  @Test
  void skippedTask_deliversTaskSkippedWithReason() {
    start(failsFor("a"), 0);
    submit("a", sleepTask().retry(TaskInputs.retry(1, Duration.ofSeconds(1))).build());

    TaskResult result =
        resultOf(submit("b", dependsOn("a", DependencyCondition.COMPLETED).withWebhook(webhook())));

    assertThat(result.webhook().delivered()).isTrue();
    assertThat(webhooks.deliveries.get(0).body().event()).isEqualTo("task.skipped");
    assertThat(webhooks.deliveries.get(0).body().reason()).contains("dependency a ended FAILED");
  }

  // --- helpers ---

  private static WebhookSpec webhook() {
    return new WebhookSpec("http://hooks.test/done", null, null, 8, Duration.ofSeconds(1));
  }

  private static TaskInput dependsOn(String taskId, DependencyCondition condition) {
    return sleepTask().build().withDependencies(List.of(new TaskDependency(taskId, condition)));
  }

  private static FakeTaskType.Behaviour failsFor(String taskId) {
    return (attempt, context) -> {
      if (context.getInfo().getWorkflowId().equals(taskId)) {
        throw ApplicationFailure.newFailure("attempt " + attempt + " failed", "Boom");
      }
      return FakeTaskType.OUTPUT;
    };
  }

  private void start(FakeTaskType.Behaviour behaviour, int webhookFailures) {
    CountDownLatch open = new CountDownLatch(0);
    start(behaviour, webhookFailures, open);
  }

  private void start(
      FakeTaskType.Behaviour behaviour, int webhookFailures, CountDownLatch webhookRelease) {
    lookups = new FakeLinks.Lookups(client);
    webhooks = new FakeLinks.Webhooks(client, webhookFailures, webhookRelease);
    workflowWorker.registerActivitiesImplementations(lookups, webhooks);
    tasks = FakeTaskType.of(client, env::currentTimeMillis, behaviour);
    env.newWorker(TaskInputs.ACTIVITY_QUEUE).registerActivitiesImplementations(tasks);
    env.start();
  }

  private TaskWorkflow submit(String taskId, TaskInput input) {
    TaskWorkflow task =
        client.newWorkflowStub(
            TaskWorkflow.class, workflowOptions.toBuilder().setWorkflowId(taskId).build());
    WorkflowClient.start(task::run, input);
    return task;
  }

  private static TaskResult resultOf(TaskWorkflow task) {
    return WorkflowStub.fromTyped(task).getResult(TaskResult.class);
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  private String searchableStatus(String taskId) {
    return client
        .newUntypedWorkflowStub(taskId)
        .describe()
        .getTypedSearchAttributes()
        .get(TaskSearchAttributes.TASK_STATUS);
  }

  private void assertStatus(String taskId, TaskStatus expected) {
    assertThat(searchableStatus(taskId)).isEqualTo(expected.name());
  }

  private void awaitStatus(String taskId, TaskStatus expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!expected.name().equals(searchableStatus(taskId))) {
      if (System.nanoTime() > deadline) {
        fail("task %s: expected %s, is %s", taskId, expected, searchableStatus(taskId));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}

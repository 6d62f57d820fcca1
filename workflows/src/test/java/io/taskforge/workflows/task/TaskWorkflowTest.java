package io.taskforge.workflows.task;

import static io.taskforge.workflows.task.TaskInputs.retry;
import static io.taskforge.workflows.task.TaskInputs.sleepTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.taskforge.workflows.TaskSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TaskWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension testWorkflow = extension();

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private WorkflowOptions workflowOptions;

  private static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(TaskWorkflowImpl.class)
            .setUseTimeskipping(true)
            // Each test registers its own fake worker before starting the environment.
            .setDoNotStart(true);
    for (SearchAttributeKey<String> key : TaskSearchAttributes.ALL) {
      builder.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return builder.build();
  }

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowOptions workflowOptions) {
    this.env = env;
    this.client = env.getWorkflowClient();
    this.workflowOptions = workflowOptions;
  }

  // --- status ---

  @Test
  void manualTaskThatRuns_goesPendingScheduledRunningCompleted() throws Exception {
    CountDownLatch finish = new CountDownLatch(1);
    FakeTaskType worker = startWorker(holding(FakeTaskType.succeedsWhenReleased(finish)));
    TaskWorkflow task = start("task-1", sleepTask().manualStart().build());

    awaitStatus("task-1", TaskStatus.PENDING);
    task.execute();
    assertThat(worker.awaitEntered()).isTrue();
    awaitStatus("task-1", TaskStatus.SCHEDULED);
    worker.letStart();
    awaitStatus("task-1", TaskStatus.RUNNING);
    finish.countDown();
    TaskResult result = resultOf(task);

    assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(result.output()).isEqualTo(FakeTaskType.OUTPUT);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.startedAt()).isEqualTo(worker.attempts().get(0).startedAt());
    assertStatus("task-1", TaskStatus.COMPLETED);
    assertThat(task.state().output()).isEqualTo(FakeTaskType.OUTPUT);
  }

  @Test
  void task_runsActivityNamedAfterTaskTypeWithTaskIdAndParams() {
    FakeTaskType worker = startWorker(fake(FakeTaskType.succeeds()));

    resultOf(start("task-1", sleepTask().build()));

    FakeTaskType.Attempt attempt = worker.attempts().get(0);
    assertThat(attempt.activityType()).isEqualTo("sleep");
    assertThat(attempt.input())
        .isEqualTo(new TaskActivityInput("task-1", "sleep", sleepTask().build().params()));
  }

  @Test
  void highPriorityTask_reachesWorkerWithPriorityKey2() {
    FakeTaskType worker = startWorker(fake(FakeTaskType.succeeds()));

    resultOf(start("task-1", sleepTask().priority(TaskPriority.HIGH).build()));

    assertThat(worker.attempts().get(0).priorityKey()).isEqualTo(2);
  }

  // --- retries ---

  @Test
  void failingTwiceThenSucceeding_completesAfterBackoffOf10And20Seconds() {
    FakeTaskType worker =
        startWorker(fake(FakeTaskType.failsThenSucceeds(2, FailureTypes.REMOTE_UNAVAILABLE)));

    TaskResult result =
        resultOf(start("task-1", sleepTask().retry(retry(5, Duration.ofSeconds(10))).build()));

    assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(result.attempts()).isEqualTo(3);
    List<Instant> starts = worker.attempts().stream().map(FakeTaskType.Attempt::startedAt).toList();
    assertThat(starts).hasSize(3);
    assertBackoff(starts.get(0), starts.get(1), Duration.ofSeconds(10));
    assertBackoff(starts.get(1), starts.get(2), Duration.ofSeconds(20));
    assertThat(result.startedAt()).isEqualTo(starts.get(0));
  }

  @Test
  void nonRetryableErrorType_failsAfterFirstAttempt() {
    FakeTaskType worker = startWorker(fake(FakeTaskType.alwaysFails(FailureTypes.REMOTE_REJECTED)));
    TaskInput input =
        sleepTask().retry(retry(5, Duration.ofSeconds(1), FailureTypes.REMOTE_REJECTED)).build();

    TaskFailure failure = failureOf(start("task-1", input));

    assertThat(failure.kind()).isEqualTo(FailureKind.ERROR);
    assertThat(failure.type()).isEqualTo(FailureTypes.REMOTE_REJECTED);
    assertThat(failure.attempts()).isEqualTo(1);
    assertThat(worker.attempts()).hasSize(1);
  }

  @Test
  void nonRetryableFailureFromWorker_failsAfterFirstAttempt() {
    FakeTaskType worker =
        startWorker(fake(FakeTaskType.failsNonRetryably(FailureTypes.INVALID_PARAMS)));

    TaskFailure failure =
        failureOf(start("task-1", sleepTask().retry(retry(5, Duration.ofSeconds(1))).build()));

    assertThat(failure)
        .isEqualTo(
            new TaskFailure(FailureKind.ERROR, "bad request", FailureTypes.INVALID_PARAMS, 1));
    assertThat(worker.attempts()).hasSize(1);
  }

  @Test
  void maximumAttemptsExhausted_failsWithErrorAndAttemptCount() {
    FakeTaskType worker =
        startWorker(fake(FakeTaskType.alwaysFails(FailureTypes.REMOTE_UNAVAILABLE)));
    TaskWorkflow task = start("task-1", sleepTask().retry(retry(3, Duration.ofSeconds(1))).build());

    TaskFailure failure = failureOf(task);

    assertThat(failure)
        .isEqualTo(
            new TaskFailure(
                FailureKind.ERROR, "attempt 3 failed", FailureTypes.REMOTE_UNAVAILABLE, 3));
    assertThat(worker.attempts()).hasSize(3);
    assertStatus("task-1", TaskStatus.FAILED);
    assertThat(task.state().failure()).isEqualTo(failure);
  }

  // --- timeouts ---

  @Test
  void attemptOutlivingExecutionTimeout_failsWithTimeout() {
    startWorker(fake(FakeTaskType.heartbeatsUntilStopped()));
    TaskInput input =
        sleepTask()
            .timeouts(
                new TimeoutSpec(
                    Duration.ofSeconds(2), Duration.ofMinutes(1), null, Duration.ofSeconds(10)))
            .build();

    TaskFailure failure = failureOf(start("task-1", input));

    assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(failure.type()).isEqualTo("TIMEOUT_SCHEDULE_TO_CLOSE");
    assertStatus("task-1", TaskStatus.FAILED);
  }

  @Test
  void retriesOutlivingExecutionTimeout_failWithTimeoutAndLastError() {
    FakeTaskType worker =
        startWorker(fake(FakeTaskType.alwaysFails(FailureTypes.REMOTE_UNAVAILABLE)));
    TaskInput input =
        sleepTask()
            .retry(retry(0, Duration.ofSeconds(10)))
            .timeouts(
                new TimeoutSpec(
                    Duration.ofMinutes(1), Duration.ofMinutes(1), null, Duration.ofSeconds(10)))
            .build();

    TaskFailure failure = failureOf(start("task-1", input));

    // Attempts at 0s, 10s and 30s; the next (70s) would pass the 1 minute limit.
    assertThat(worker.attempts()).hasSize(3);
    assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(failure.message()).contains("attempt 3 failed");
    assertThat(failure.attempts()).isEqualTo(3);
  }

  @Test
  void noWorkerWithinQueueLimit_failsWithTimeoutWithoutRunning() {
    startWorker(fake(FakeTaskType.succeeds()));
    TaskInput input =
        sleepTask()
            .queue("nobody-polls-this")
            .timeouts(
                new TimeoutSpec(
                    Duration.ofHours(1),
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(10)))
            .build();

    TaskFailure failure = failureOf(start("task-1", input));

    assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(failure.type()).isEqualTo("TIMEOUT_SCHEDULE_TO_START");
    assertThat(failure.attempts()).isZero();
    assertStatus("task-1", TaskStatus.FAILED);
  }

  // --- cancellation ---

  @Test
  void cancelWhileRunning_stopsWorkerAndEndsCancelled() throws Exception {
    FakeTaskType worker = startWorker(fake(FakeTaskType.heartbeatsUntilStopped()));
    TaskInput input =
        sleepTask()
            .timeouts(
                new TimeoutSpec(
                    Duration.ofHours(1), Duration.ofMinutes(10), null, Duration.ofSeconds(1)))
            .build();
    TaskWorkflow task = start("task-1", input);
    awaitStatus("task-1", TaskStatus.RUNNING);

    WorkflowStub.fromTyped(task).cancel();

    assertThatThrownBy(() -> resultOf(task))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(worker.cancellationSeen()).isTrue();
    assertStatus("task-1", TaskStatus.CANCELLED);
    assertThat(task.state().failure().kind()).isEqualTo(FailureKind.CANCELLED);
  }

  @Test
  void cancelWhilePending_endsCancelledWithoutRunning() {
    FakeTaskType worker = startWorker(fake(FakeTaskType.succeeds()));
    TaskWorkflow task = start("task-1", sleepTask().manualStart().build());
    awaitStatus("task-1", TaskStatus.PENDING);

    WorkflowStub.fromTyped(task).cancel();

    assertThatThrownBy(() -> resultOf(task))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertStatus("task-1", TaskStatus.CANCELLED);
    assertThat(worker.attempts()).isEmpty();
  }

  // --- start ---

  @Test
  void manualStart_staysPendingUntilExecuteSignal() {
    FakeTaskType worker = startWorker(fake(FakeTaskType.succeeds()));
    TaskWorkflow task = start("task-1", sleepTask().manualStart().build());

    env.sleep(Duration.ofDays(2));

    assertStatus("task-1", TaskStatus.PENDING);
    assertThat(worker.attempts()).isEmpty();

    task.execute();

    assertThat(resultOf(task).status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(worker.attempts()).hasSize(1);
  }

  @Test
  void startAtInFuture_waitsUntilThatTimeThenRuns() {
    FakeTaskType worker = startWorker(fake(FakeTaskType.succeeds()));
    Instant startAt = now().plus(Duration.ofHours(3));
    TaskWorkflow task = start("task-1", sleepTask().startAt(startAt).build());

    assertStatus("task-1", TaskStatus.PENDING);
    TaskResult result = resultOf(task);

    assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(worker.attempts().get(0).startedAt())
        .isAfterOrEqualTo(startAt)
        .isBefore(startAt.plus(Duration.ofMinutes(1)));
  }

  @Test
  void executeBeforeStartAt_runsAtOnce() {
    FakeTaskType worker = startWorker(fake(FakeTaskType.succeeds()));
    Instant submittedAt = now();
    TaskWorkflow task =
        start("task-1", sleepTask().startAt(submittedAt.plus(Duration.ofDays(1))).build());
    awaitStatus("task-1", TaskStatus.PENDING);

    task.execute();

    assertThat(resultOf(task).status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(worker.attempts().get(0).startedAt())
        .isBefore(submittedAt.plus(Duration.ofMinutes(1)));
  }

  @Test
  void startAtInPast_runsAtOnce() {
    FakeTaskType worker = startWorker(fake(FakeTaskType.succeeds()));
    Instant submittedAt = now();

    TaskResult result =
        resultOf(
            start("task-1", sleepTask().startAt(submittedAt.minus(Duration.ofHours(1))).build()));

    assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(worker.attempts().get(0).startedAt())
        .isBefore(submittedAt.plus(Duration.ofMinutes(1)));
  }

  // --- helpers ---

  private FakeTaskType fake(FakeTaskType.Behaviour behaviour) {
    return FakeTaskType.of(client, env::currentTimeMillis, behaviour);
  }

  private FakeTaskType holding(FakeTaskType.Behaviour behaviour) {
    return FakeTaskType.holdingBeforeStart(client, env::currentTimeMillis, behaviour);
  }

  private FakeTaskType startWorker(FakeTaskType worker) {
    env.newWorker(TaskInputs.ACTIVITY_QUEUE).registerActivitiesImplementations(worker);
    env.start();
    return worker;
  }

  private TaskWorkflow start(String taskId, TaskInput input) {
    TaskWorkflow task =
        client.newWorkflowStub(
            TaskWorkflow.class, workflowOptions.toBuilder().setWorkflowId(taskId).build());
    WorkflowClient.start(task::run, input);
    return task;
  }

  private static TaskResult resultOf(TaskWorkflow task) {
    return WorkflowStub.fromTyped(task).getResult(TaskResult.class);
  }

  /** Runs the task to its end and returns the failure the workflow failed with. */
  private static TaskFailure failureOf(TaskWorkflow task) {
    try {
      resultOf(task);
    } catch (WorkflowFailedException e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
      ApplicationFailure failure = (ApplicationFailure) e.getCause();
      assertThat(failure.getType()).isEqualTo(FailureTypes.TASK_FAILED);
      assertThat(failure.isNonRetryable()).isTrue();
      return failure.getDetails().get(TaskFailure.class);
    }
    return fail("task completed but was expected to fail");
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  private TaskStatus queriedStatus(String taskId) {
    return client.newWorkflowStub(TaskWorkflow.class, taskId).state().status();
  }

  private String searchableStatus(String taskId) {
    return client
        .newUntypedWorkflowStub(taskId)
        .describe()
        .getTypedSearchAttributes()
        .get(TaskSearchAttributes.TASK_STATUS);
  }

  /** The status as both the state query and the TaskStatus search attribute report it. */
  private void assertStatus(String taskId, TaskStatus expected) {
    assertThat(queriedStatus(taskId)).isEqualTo(expected);
    assertThat(searchableStatus(taskId)).isEqualTo(expected.name());
  }

  /** Waits (briefly, real time) for a status change that a worker or signal set off. */
  private void awaitStatus(String taskId, TaskStatus expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (queriedStatus(taskId) != expected || !expected.name().equals(searchableStatus(taskId))) {
      if (System.nanoTime() > deadline) {
        fail(
            "task %s: expected %s, query says %s, search attribute says %s",
            taskId, expected, queriedStatus(taskId), searchableStatus(taskId));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static void assertBackoff(Instant previous, Instant next, Duration expected) {
    assertThat(Duration.between(previous, next))
        .isGreaterThanOrEqualTo(expected)
        .isLessThan(expected.plusSeconds(2));
  }
}

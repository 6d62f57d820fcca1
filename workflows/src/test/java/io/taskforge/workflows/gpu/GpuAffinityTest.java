package io.taskforge.workflows.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.task.TaskResult;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.task.TaskWorkflow;
import io.taskforge.workflows.task.TaskWorkflowImpl;
import io.taskforge.workflows.task.TimeoutSpec;
import io.temporal.activity.Activity;
import io.temporal.activity.DynamicActivity;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Model affinity inside {@link TaskWorkflowImpl}, with a time-skipping server: the preferred
 * worker's queue first, the shared GPU queue when nobody takes it within the short timeout.
 */
class GpuAffinityTest {
  private static final String WORKFLOWS = "workflows";
  private static final String PREFERRED = "gpu@w1";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final List<String> ranOn = new CopyOnWriteArrayList<>();
  private final AtomicInteger routingCalls = new AtomicInteger();
  private volatile GpuRoutingActivities.RoutingDecision decision =
      new GpuRoutingActivities.RoutingDecision(PREFERRED, "w1", "warm", Duration.ofSeconds(5));
  private volatile boolean routingFails;
  private volatile GpuRoutingActivities.RoutingRequest lastRequest;

  /** A GPU worker on one queue: records where the task ran. */
  private DynamicActivity gpuWorker(String queue, boolean rejectInput) {
    return (EncodedValues args) -> {
      TaskActivityInput input = args.get(0, TaskActivityInput.class);
      ranOn.add(queue + ":" + input.taskId());
      if (rejectInput) {
        throw ApplicationFailure.newNonRetryableFailure("bad", FailureTypes.INVALID_PARAMS);
      }
      return TaskOutput.of(
          Map.of(
              "queue",
              queue,
              "activity",
              Activity.getExecutionContext().getInfo().getActivityType()));
    };
  }

  private final class FakeRouting implements GpuRoutingActivities {
    @Override
    public RoutingDecision preferredQueue(RoutingRequest request) {
      routingCalls.incrementAndGet();
      lastRequest = request;
      if (routingFails) {
        throw new IllegalStateException("registry unreachable");
      }
      return decision;
    }
  }

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().build());
    for (SearchAttributeKey<String> key : TaskSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    var workflows = env.newWorker(WORKFLOWS);
    workflows.registerWorkflowImplementationTypes(TaskWorkflowImpl.class);
    workflows.registerActivitiesImplementations(new FakeRouting());
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private void startGpuWorkers(boolean preferredPolls, boolean preferredRejects) {
    env.newWorker(TaskQueues.GPU).registerActivitiesImplementations(gpuWorker("gpu", false));
    if (preferredPolls) {
      env.newWorker(PREFERRED)
          .registerActivitiesImplementations(gpuWorker(PREFERRED, preferredRejects));
    }
    env.start();
  }

  static TaskInput gpuTask(Map<String, Object> params) {
    return new TaskInput(
        "llm_inference",
        params,
        TaskPriority.NORMAL,
        TaskQueues.GPU,
        RetrySpec.of(3, Duration.ofSeconds(1)),
        new TimeoutSpec(Duration.ofHours(1), Duration.ofMinutes(10), null, Duration.ofMinutes(1)),
        false,
        null);
  }

  private TaskResult run(String id, TaskInput input) {
    TaskWorkflow task =
        client.newWorkflowStub(
            TaskWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(WORKFLOWS).build());
    return task.run(input);
  }

  private static Map<String, Object> params(String... keyValues) {
    Map<String, Object> params = new HashMap<>();
    params.put("prompt", "hi");
    for (int i = 0; i < keyValues.length; i += 2) {
      params.put(keyValues[i], keyValues[i + 1]);
    }
    return params;
  }

  @Test
  void followUpOfASession_runsOnTheWorkerThatHoldsTheModelWarm() {
    startGpuWorkers(true, false);

    TaskResult result = run("t1", gpuTask(params("model", "llama", "sessionId", "s1")));

    assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(result.output().data())
        .containsEntry("queue", PREFERRED)
        .containsEntry("activity", "llm_inference");
    assertThat(ranOn).containsExactly(PREFERRED + ":t1");
    assertThat(lastRequest)
        .isEqualTo(new GpuRoutingActivities.RoutingRequest("llm_inference", "llama", "s1"));
  }

  @Test
  void preferredWorkerThatNeverTakesTheTask_fallsBackToTheSharedQueueAfterTheShortTimeout() {
    startGpuWorkers(false, false);
    long before = env.currentTimeMillis();

    TaskResult result = run("t1", gpuTask(params("model", "llama", "sessionId", "s1")));

    assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(result.output().data()).containsEntry("queue", "gpu");
    assertThat(ranOn).containsExactly("gpu:t1");
    // It waited out the preferred worker's schedule-to-start timeout first.
    assertThat(Duration.ofMillis(env.currentTimeMillis() - before))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void taskWithoutModel_goesStraightToTheSharedQueueWithoutAskingTheRegistry() {
    startGpuWorkers(true, false);

    TaskResult result = run("t1", gpuTask(params("sessionId", "s1")));

    assertThat(result.output().data()).containsEntry("queue", "gpu");
    assertThat(routingCalls).hasValue(0);
  }

  @Test
  void taskWithModelButNoSessionOrGroup_isNotRouted() {
    startGpuWorkers(true, false);

    TaskResult result = run("t1", gpuTask(params("model", "llama")));

    assertThat(result.output().data()).containsEntry("queue", "gpu");
    assertThat(routingCalls).hasValue(0);
  }

  @Test
  void noPreferredWorker_runsOnTheSharedQueue() {
    decision = GpuRoutingActivities.RoutingDecision.shared("nobody holds llama");
    startGpuWorkers(true, false);

    TaskResult result = run("t1", gpuTask(params("model", "llama", "sessionId", "s1")));

    assertThat(result.output().data()).containsEntry("queue", "gpu");
    assertThat(routingCalls).hasValue(1);
  }

  @Test
  void registryUnavailable_runsOnTheSharedQueue() {
    routingFails = true;
    startGpuWorkers(true, false);

    TaskResult result = run("t1", gpuTask(params("model", "llama", "sessionId", "s1")));

    assertThat(result.output().data()).containsEntry("queue", "gpu");
  }

  @Test
  void failureOnThePreferredWorker_failsTheTaskWithoutFallback() {
    startGpuWorkers(true, true);

    assertThatThrownBy(() -> run("t1", gpuTask(params("model", "llama", "sessionId", "s1"))))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(ranOn).containsExactly(PREFERRED + ":t1");
  }

  @Test
  void onlyGpuTasksNamingAModel_areRouted() {
    TaskInput cpu =
        new TaskInput(
            "sleep",
            params("model", "llama", "sessionId", "s1"),
            TaskPriority.NORMAL,
            TaskQueues.DEFAULT,
            RetrySpec.of(1, Duration.ofSeconds(1)),
            new TimeoutSpec(
                Duration.ofSeconds(30), Duration.ofSeconds(30), null, Duration.ofSeconds(30)),
            false,
            null);

    assertThat(GpuAffinity.applies(cpu)).isFalse();
    assertThat(GpuAffinity.applies(gpuTask(params("model", "llama")))).isTrue();
  }
}

package io.taskforge.activities.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskforge.activities.TaskContext;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

class TaskActivityDispatcherTest {
  private static final String QUEUE = "dispatcher-test";

  @TempDir Path artifacts;

  /** Schedules the task type's activity as a task workflow does, with up to two attempts. */
  @WorkflowInterface
  public interface ProbeWorkflow {
    @WorkflowMethod
    TaskOutput run(TaskActivityInput input);
  }

  public static class ProbeWorkflowImpl implements ProbeWorkflow {
    @Override
    public TaskOutput run(TaskActivityInput input) {
      return Workflow.newUntypedActivityStub(
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(1))
                  .setRetryOptions(
                      RetryOptions.newBuilder()
                          .setMaximumAttempts(2)
                          .setInitialInterval(Duration.ofMillis(10))
                          .build())
                  .build())
          .execute(input.type(), TaskOutput.class, input);
    }
  }

  /** The MDC each attempt saw; its first attempts fail while {@code failFirst} says so. */
  private final Queue<Map<String, String>> seen = new ConcurrentLinkedQueue<>();

  private final TaskHandler handler =
      new TaskHandler() {
        @Override
        public TaskTypeDefinition definition() {
          return new TaskTypeDefinition(
              "probe",
              "records its log context",
              TaskQueues.DEFAULT,
              List.of(),
              RetrySpec.of(1, Duration.ofMillis(1)),
              new TimeoutSpec(
                  Duration.ofMinutes(1), Duration.ofMinutes(1), null, Duration.ofSeconds(10)));
        }

        @Override
        public TaskOutput handle(TaskActivityInput input, TaskContext context) {
          seen.add(MDC.getCopyOfContextMap());
          if (context.attempt() <= ((Number) input.params().get("failFirst")).intValue()) {
            throw ApplicationFailure.newFailure("attempt " + context.attempt(), "Probe");
          }
          return TaskOutput.of(Map.of("attempt", context.attempt()));
        }
      };

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
  private TestWorkflowEnvironment env;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    WorkflowClient client = env.getWorkflowClient();
    ArtifactStore store = new ArtifactStore(artifacts);
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ProbeWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new TaskActivityDispatcher(
            List.of(handler),
            client,
            store,
            new ResultOffloader(store, client.getOptions().getDataConverter(), 1024),
            heartbeats,
            meters));
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
    heartbeats.shutdownNow();
  }

  private void run(TaskActivityInput input) {
    env.getWorkflowClient()
        .newWorkflowStub(
            ProbeWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build())
        .run(input);
  }

  @Test
  void attempt_logsUnderTheTasksIdsAndIsMeasuredByTypeAndOutcome() {
    run(new TaskActivityInput("task-1", "probe", Map.of("failFirst", 1), "group-1", "agency-1"));

    assertThat(seen).hasSize(2);
    assertThat(seen)
        .allSatisfy(
            mdc ->
                assertThat(mdc)
                    .containsEntry("taskId", "task-1")
                    .containsEntry("taskType", "probe")
                    .containsEntry("groupId", "group-1")
                    .containsEntry("agencyId", "agency-1")
                    .containsKeys("workflowId", "runId")
                    // the SDK's own keys sit beside ours
                    .containsEntry("ActivityType", "probe"));
    assertThat(runs("failure")).isEqualTo(1);
    assertThat(runs("success")).isEqualTo(1);
    assertThat(meters.get(AttemptMetrics.QUEUE_WAIT).tag("type", "probe").timer().count())
        .isEqualTo(2);
    assertThat(meters.get(AttemptMetrics.RETRIES).tag("type", "probe").counter().count())
        .isEqualTo(1);
  }

  @Test
  void taskOutsideAGroup_leavesNoGroupIdsBehindFromEarlierAttempts() {
    run(new TaskActivityInput("task-1", "probe", Map.of("failFirst", 0), "group-1", null));
    run(new TaskActivityInput("task-2", "probe", Map.of("failFirst", 0)));

    assertThat(seen).hasSize(2);
    assertThat(seen).last().satisfies(mdc -> assertThat(mdc).containsEntry("taskId", "task-2"));
    assertThat(seen.stream().skip(1).findFirst().orElseThrow()).doesNotContainKey("groupId");
  }

  private long runs(String outcome) {
    return meters
        .get(AttemptMetrics.RUN_DURATION)
        .tags("type", "probe", "outcome", outcome)
        .timer()
        .count();
  }
}

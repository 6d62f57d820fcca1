package io.taskforge.activities.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.activities.breaker.TestBreakers;
import io.taskforge.activities.dependency.DependencyActivitiesImpl;
import io.taskforge.activities.egress.TestEgress;
import io.taskforge.activities.expansion.ExpansionActivitiesImpl;
import io.taskforge.activities.gpu.GpuRoutingActivitiesImpl;
import io.taskforge.activities.sleep.SleepHandler;
import io.taskforge.activities.webhook.WebhookActivitiesImpl;
import io.taskforge.activities.webhook.WebhookSettings;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.task.TaskResult;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.task.TaskWorkflow;
import io.taskforge.workflows.task.TimeoutSpec;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskforgeWorkerTest {
  @TempDir Path artifacts;

  private TaskforgeWorker worker(
      WorkflowClient client, List<TaskHandler> handlers, WorkerSettings settings) {
    var store = new ArtifactStore(artifacts);
    var dispatcher =
        new TaskActivityDispatcher(
            handlers,
            client,
            store,
            new ResultOffloader(store, client.getOptions().getDataConverter(), 1024),
            Executors.newSingleThreadScheduledExecutor(),
            new SimpleMeterRegistry());
    return new TaskforgeWorker(
        client,
        dispatcher,
        new ExpansionActivitiesImpl(handlers, store, new SimpleMeterRegistry()),
        new WebhookActivitiesImpl(
            new WebhookSettings("", Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(1)),
            Clock.systemUTC(),
            TestBreakers.defaults(),
            TestEgress.loopbackAllowed()),
        new DependencyActivitiesImpl(client),
        new GpuRoutingActivitiesImpl(client, Duration.ofSeconds(1)),
        settings);
  }

  /** Spring stops and restarts the lifecycle of a paused context; the worker must come back. */
  @Test
  void stoppedWorker_startsAgain() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      TaskforgeWorker worker =
          worker(
              env.getWorkflowClient(), List.of(), new WorkerSettings(true, "restart-test", 1, 1));

      worker.start();
      worker.stop();
      worker.start();

      assertThat(worker.isRunning()).isTrue();
      worker.stop();
      assertThat(worker.isRunning()).isFalse();
    }
  }

  /** The default tuner: a task runs to completion, and again after the worker was restarted. */
  @Test
  void resourceBasedWorker_runsTasks_beforeAndAfterARestart() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      for (var key : TaskSearchAttributes.ALL) {
        env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
      WorkflowClient client = env.getWorkflowClient();
      WorkerSettings settings =
          new WorkerSettings(
              true,
              "tuner-test",
              WorkerSettings.Tuner.RESOURCE_BASED,
              16,
              10,
              new WorkerSettings.ResourceBased(0.8, 0.8, 1, 4, Duration.ofMillis(50)));
      TaskforgeWorker worker = worker(client, List.of(new SleepHandler()), settings);

      worker.start();
      assertThat(runSleepTask(client, "tuned-1").status()).isEqualTo(TaskStatus.COMPLETED);
      worker.stop();
      worker.start();
      assertThat(runSleepTask(client, "tuned-2").status()).isEqualTo(TaskStatus.COMPLETED);
      worker.stop();
    }
  }

  private static TaskResult runSleepTask(WorkflowClient client, String taskId) {
    TaskWorkflow task =
        client.newWorkflowStub(
            TaskWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue("tuner-test")
                .setWorkflowId(taskId)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                .build());
    return task.run(
        new TaskInput(
            "sleep",
            Map.of("duration", "10ms"),
            TaskPriority.NORMAL,
            "tuner-test",
            RetrySpec.of(1, Duration.ofSeconds(1)),
            new TimeoutSpec(
                Duration.ofMinutes(1), Duration.ofMinutes(1), null, Duration.ofSeconds(10)),
            false,
            null));
  }
}

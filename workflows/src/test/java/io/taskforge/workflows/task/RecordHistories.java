package io.taskforge.workflows.task;

import static io.taskforge.workflows.task.TaskInputs.retry;
import static io.taskforge.workflows.task.TaskInputs.sleepTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.TaskSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories that {@link TaskWorkflowReplayTest} replays. Not a {@code *Test}, so a
 * normal build never runs it; record again only when a change to {@link TaskWorkflowImpl} is meant
 * to break running workflows (and is versioned), by running:
 *
 * <pre>
 * mvn -pl workflows test -Dtest=RecordHistories -Drecord.histories=true
 * </pre>
 *
 * <p>Keep the old files too when the change is versioned with {@code Workflow.getVersion}.
 */
@EnabledIfSystemProperty(named = "record.histories", matches = "true")
class RecordHistories {
  static final Path HISTORIES = Path.of("src/test/resources/histories");

  @Test
  void completed() throws IOException {
    record("completed", FakeTaskType::succeeds, (client, task) -> resultOf(task));
  }

  @Test
  void failedAfterRetries() throws IOException {
    record(
        "failed-after-retries",
        () -> FakeTaskType.alwaysFails(FailureTypes.REMOTE_UNAVAILABLE),
        sleepTask().retry(retry(3, Duration.ofSeconds(5))).build(),
        (client, task) ->
            assertThatThrownBy(() -> resultOf(task)).isInstanceOf(WorkflowFailedException.class));
  }

  @Test
  void cancelledWhileRunning() throws IOException {
    TaskInput input =
        sleepTask()
            .timeouts(
                new TimeoutSpec(
                    Duration.ofHours(1), Duration.ofMinutes(10), null, Duration.ofSeconds(1)))
            .build();
    record(
        "cancelled-running",
        FakeTaskType::heartbeatsUntilStopped,
        input,
        (client, task) -> {
          awaitStatus(task, TaskStatus.RUNNING);
          WorkflowStub.fromTyped(task).cancel();
          assertThatThrownBy(() -> resultOf(task)).isInstanceOf(WorkflowFailedException.class);
        });
  }

  @Test
  void manualStart() throws IOException {
    record(
        "manual-start",
        FakeTaskType::succeeds,
        sleepTask().manualStart().build(),
        (client, task) -> {
          awaitStatus(task, TaskStatus.PENDING);
          task.execute();
          resultOf(task);
        });
  }

  @Test
  void startAtInFuture() throws IOException {
    record(
        "start-at",
        FakeTaskType::succeeds,
        now -> sleepTask().startAt(now.plus(Duration.ofHours(1))).build(),
        (client, task) -> resultOf(task));
  }

  @Test
  void queueTimeout() throws IOException {
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
    record(
        "queue-timeout",
        FakeTaskType::succeeds,
        input,
        (client, task) ->
            assertThatThrownBy(() -> resultOf(task)).isInstanceOf(WorkflowFailedException.class));
  }

  private interface Scenario {
    void run(WorkflowClient client, TaskWorkflow task) throws Exception;
  }

  private interface BehaviourFactory {
    FakeTaskType.Behaviour create();
  }

  private void record(String name, BehaviourFactory behaviour, Scenario scenario)
      throws IOException {
    record(name, behaviour, sleepTask().build(), scenario);
  }

  private void record(String name, BehaviourFactory behaviour, TaskInput input, Scenario scenario)
      throws IOException {
    record(name, behaviour, now -> input, scenario);
  }

  private void record(
      String name,
      BehaviourFactory behaviour,
      Function<Instant, TaskInput> input,
      Scenario scenario)
      throws IOException {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      for (var key : TaskSearchAttributes.ALL) {
        env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
      WorkflowClient client = env.getWorkflowClient();
      env.newWorker(TaskQueues.DEFAULT).registerWorkflowImplementationTypes(TaskWorkflowImpl.class);
      env.newWorker(TaskInputs.ACTIVITY_QUEUE)
          .registerActivitiesImplementations(
              FakeTaskType.of(client, env::currentTimeMillis, behaviour.create()));
      env.start();

      String taskId = "task-" + name;
      TaskWorkflow task =
          client.newWorkflowStub(
              TaskWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(TaskQueues.DEFAULT)
                  .setWorkflowId(taskId)
                  .build());
      WorkflowClient.start(task::run, input.apply(Instant.ofEpochMilli(env.currentTimeMillis())));
      scenario.run(client, task);

      Files.createDirectories(HISTORIES);
      Files.writeString(
          HISTORIES.resolve(name + ".json"), client.fetchHistory(taskId).toJson(true));
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static TaskResult resultOf(TaskWorkflow task) {
    return WorkflowStub.fromTyped(task).getResult(TaskResult.class);
  }

  private static void awaitStatus(TaskWorkflow task, TaskStatus expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (task.state().status() != expected) {
      assertThat(System.nanoTime()).as("waiting for " + expected).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}

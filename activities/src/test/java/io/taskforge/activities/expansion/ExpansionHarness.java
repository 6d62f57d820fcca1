package io.taskforge.activities.expansion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.expansion.ExpansionActivities;
import io.taskforge.workflows.expansion.ExpansionActivities.BatchInput;
import io.taskforge.workflows.expansion.ExpansionActivities.BatchResult;
import io.taskforge.workflows.expansion.ExpansionActivities.PrepareInput;
import io.taskforge.workflows.expansion.ExpansionActivities.PreparedItems;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Runs the expansion activities for real in a {@link TestActivityEnvironment}, over an artifact
 * store in a temporary folder, with the given fake task types.
 */
final class ExpansionHarness implements AutoCloseable {
  static final String EXPANSION_ID = "group-1.process";
  static final ObjectMapper JSON = new ObjectMapper();

  final ArtifactStore store;
  final TestActivityEnvironment env;
  final ExpansionActivities activities;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  ExpansionHarness(Path root, TaskHandler... handlers) {
    this.store = new ArtifactStore(root);
    this.env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new ExpansionActivitiesImpl(List.of(handlers), store, meters));
    this.activities =
        env.newActivityStub(
            ExpansionActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setHeartbeatTimeout(Duration.ofSeconds(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  /** Retries fast: three attempts, 10 ms apart at first; INVALID_PARAMS never. */
  static RetrySpec fastRetry(int maximumAttempts) {
    return new RetrySpec(
        maximumAttempts,
        Duration.ofMillis(10),
        2.0,
        Duration.ofMillis(40),
        List.of(FailureTypes.INVALID_PARAMS));
  }

  static TaskInput task(String type, Map<String, Object> params) {
    return task(type, params, fastRetry(3));
  }

  static TaskInput task(String type, Map<String, Object> params, RetrySpec retry) {
    return new TaskInput(
        type,
        params,
        TaskPriority.NORMAL,
        TaskQueues.DEFAULT,
        retry,
        new TimeoutSpec(Duration.ofMinutes(5), Duration.ofMinutes(1), null, Duration.ofSeconds(5)),
        false,
        null);
  }

  PreparedItems prepare(ExpansionSpec spec, Map<String, Object> context, boolean resume) {
    return activities.prepare(new PrepareInput(EXPANSION_ID, spec, context, Map.of(), resume));
  }

  PreparedItems prepare(List<?> items) {
    return prepare(ExpansionSpec.array(items), Map.of(), false);
  }

  BatchResult batch(TaskInput task, PreparedItems items, long from, long to, boolean resume) {
    return batch(task, Map.of(), items, from, to, resume);
  }

  BatchResult batch(
      TaskInput task,
      Map<String, Object> context,
      PreparedItems items,
      long from,
      long to,
      boolean resume) {
    return activities.runBatch(
        new BatchInput(EXPANSION_ID, task, context, Map.of(), items.items(), from, to, resume));
  }

  /** The lines of an artifact of the expansion. */
  List<String> lines(String name) throws IOException {
    Path file = store.find(EXPANSION_ID, name).orElseThrow();
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  /** The parsed lines of an artifact of the expansion. */
  List<Object> jsonLines(String name) throws IOException {
    List<Object> values = new ArrayList<>();
    for (String line : lines(name)) {
      values.add(JSON.readValue(line, Object.class));
    }
    return values;
  }

  /** Asserts that the activity call failed with an ApplicationFailure, and returns that. */
  static ObjectAssert<ApplicationFailure> assertFailure(ThrowingCallable call) {
    Throwable thrown = Assertions.catchThrowable(call);
    Assertions.assertThat(thrown).isInstanceOf(ActivityFailure.class);
    Assertions.assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
    return Assertions.assertThatObject((ApplicationFailure) thrown.getCause());
  }

  @Override
  public void close() {
    env.close();
  }
}

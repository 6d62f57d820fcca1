package io.taskforge.activities.expansion;

import io.taskforge.activities.TaskContext;
import io.taskforge.activities.TaskHandler;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A task type for expansion tests: a name, its params, a body, and a record of its calls. */
final class FakeHandler implements TaskHandler {
  /** What the handler does with one call's params. */
  @FunctionalInterface
  interface Body {
    Map<String, Object> run(Map<String, Object> params, TaskContext context) throws Exception;
  }

  /** One call of the handler. */
  record Call(String taskId, Map<String, Object> params, int attempt, OptionalLong itemIndex) {}

  private final TaskTypeDefinition definition;
  private final Body body;
  private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

  private FakeHandler(TaskTypeDefinition definition, Body body) {
    this.definition = definition;
    this.body = body;
  }

  static FakeHandler of(String name, List<ParamSpec> params, Body body) {
    return new FakeHandler(
        new TaskTypeDefinition(
            name,
            "a test task type",
            TaskQueues.DEFAULT,
            params,
            RetrySpec.of(1, Duration.ofMillis(1)),
            new TimeoutSpec(
                Duration.ofMinutes(1), Duration.ofMinutes(1), null, Duration.ofSeconds(10))),
        body);
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  @Override
  public TaskTypeDefinition definition() {
    return definition;
  }

  @Override
  public TaskOutput handle(TaskActivityInput input, TaskContext context) throws Exception {
    calls.add(new Call(input.taskId(), input.params(), context.attempt(), context.itemIndex()));
    return TaskOutput.of(body.run(input.params(), context));
  }
}

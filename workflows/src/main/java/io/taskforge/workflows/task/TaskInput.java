package io.taskforge.workflows.task;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The input of {@link TaskWorkflow}: everything the workflow needs to run one task. Descriptive
 * fields (name, description, metadata) live in the workflow's memo instead.
 *
 * @param activityTaskQueue the queue the task's activity goes to (CPU or GPU workers)
 * @param manualStart stay PENDING until the execute signal arrives
 * @param startAt stay PENDING until this time (null: start at once)
 */
public record TaskInput(
    String type,
    Map<String, Object> params,
    TaskPriority priority,
    String activityTaskQueue,
    RetrySpec retry,
    TimeoutSpec timeouts,
    boolean manualStart,
    Instant startAt) {

  public TaskInput {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(activityTaskQueue, "activityTaskQueue");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timeouts, "timeouts");
    params = params == null ? Map.of() : params;
  }
}

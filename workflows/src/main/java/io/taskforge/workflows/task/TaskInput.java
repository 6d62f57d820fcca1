package io.taskforge.workflows.task;

import io.taskforge.workflows.webhook.WebhookSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The input of {@link TaskWorkflow}: everything the workflow needs to run one task. Descriptive
 * fields (name, description, metadata) live in the workflow's memo instead.
 *
 * @param activityTaskQueue the queue the task's activity goes to (CPU or GPU workers)
 * @param manualStart stay PENDING until the execute signal arrives
 * @param startAt stay PENDING until this time (null: start at once)
 * @param dependencies tasks to wait for (WAITING) before the start rules above apply; none when
 *     null, as in inputs recorded before dependencies existed
 * @param webhook where to POST the final state when the task closes, or null
 */
public record TaskInput(
    String type,
    Map<String, Object> params,
    TaskPriority priority,
    String activityTaskQueue,
    RetrySpec retry,
    TimeoutSpec timeouts,
    boolean manualStart,
    Instant startAt,
    List<TaskDependency> dependencies,
    WebhookSpec webhook) {

  public TaskInput {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(activityTaskQueue, "activityTaskQueue");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timeouts, "timeouts");
    params = params == null ? Map.of() : params;
    dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
  }

  /** A task with neither dependencies nor a webhook. */
  public TaskInput(
      String type,
      Map<String, Object> params,
      TaskPriority priority,
      String activityTaskQueue,
      RetrySpec retry,
      TimeoutSpec timeouts,
      boolean manualStart,
      Instant startAt) {
    this(
        type,
        params,
        priority,
        activityTaskQueue,
        retry,
        timeouts,
        manualStart,
        startAt,
        List.of(),
        null);
  }

  public TaskInput withDependencies(List<TaskDependency> dependencies) {
    return new TaskInput(
        type,
        params,
        priority,
        activityTaskQueue,
        retry,
        timeouts,
        manualStart,
        startAt,
        dependencies,
        webhook);
  }

  public TaskInput withWebhook(WebhookSpec webhook) {
    return new TaskInput(
        type,
        params,
        priority,
        activityTaskQueue,
        retry,
        timeouts,
        manualStart,
        startAt,
        dependencies,
        webhook);
  }
}

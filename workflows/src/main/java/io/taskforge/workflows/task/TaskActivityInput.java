package io.taskforge.workflows.task;

import java.util.Map;
import java.util.Objects;

/** What a task type's activity receives: the task it runs for and its parameters. */
public record TaskActivityInput(String taskId, String type, Map<String, Object> params) {
  public TaskActivityInput {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(type, "type");
    params = params == null ? Map.of() : params;
  }
}

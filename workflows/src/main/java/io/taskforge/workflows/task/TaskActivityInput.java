package io.taskforge.workflows.task;

import java.util.Map;
import java.util.Objects;

/**
 * What a task type's activity receives: the task it runs for and its parameters.
 *
 * @param groupId the group the task belongs to, or null; for log lines only
 * @param agencyId the agency the task's group belongs to, or null; for log lines only
 */
public record TaskActivityInput(
    String taskId, String type, Map<String, Object> params, String groupId, String agencyId) {
  public TaskActivityInput {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(type, "type");
    params = params == null ? Map.of() : params;
  }

  /** A task outside any group. */
  public TaskActivityInput(String taskId, String type, Map<String, Object> params) {
    this(taskId, type, params, null, null);
  }
}

package io.taskforge.app.task;

import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.task.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A filter over tasks, written as a Temporal visibility query. Values come from enums, the type
 * registry, parsed instants and checked ids, and are quoted besides.
 *
 * @param groupId only the tasks of this task group (its workflow id, which {@code TaskGroupId}
 *     holds)
 */
record TaskQuery(
    TaskStatus status,
    String type,
    TaskPriority priority,
    Instant createdAfter,
    Instant createdBefore,
    String groupId) {

  static final String TASK_WORKFLOW = "WorkflowType = 'TaskWorkflow'";

  static TaskQuery all() {
    return new TaskQuery(null, null, null, null, null, null);
  }

  TaskQuery withStatus(TaskStatus newStatus) {
    return new TaskQuery(newStatus, type, priority, createdAfter, createdBefore, groupId);
  }

  TaskQuery withType(String newType) {
    return new TaskQuery(status, newType, priority, createdAfter, createdBefore, groupId);
  }

  TaskQuery withGroupId(String newGroupId) {
    return new TaskQuery(status, type, priority, createdAfter, createdBefore, newGroupId);
  }

  String toVisibilityQuery() {
    List<String> clauses = new ArrayList<>();
    clauses.add(TASK_WORKFLOW);
    if (status != null) {
      clauses.add(TaskStatuses.query(status));
    }
    if (type != null) {
      clauses.add("TaskType = " + quote(type));
    }
    if (priority != null) {
      clauses.add("TaskPriority = " + quote(priority.name()));
    }
    if (createdAfter != null) {
      clauses.add("StartTime >= " + quote(createdAfter.toString()));
    }
    if (createdBefore != null) {
      clauses.add("StartTime < " + quote(createdBefore.toString()));
    }
    if (groupId != null) {
      clauses.add("TaskGroupId = " + quote(groupId));
    }
    return String.join(" AND ", clauses);
  }

  private static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}

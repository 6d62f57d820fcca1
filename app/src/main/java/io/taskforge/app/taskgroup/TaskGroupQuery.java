package io.taskforge.app.taskgroup;

import io.taskforge.app.task.TaskStatuses;
import io.taskforge.workflows.task.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A filter over task groups, written as a Temporal visibility query. */
record TaskGroupQuery(TaskStatus status, Instant createdAfter, Instant createdBefore) {

  static final String GROUP_WORKFLOW = "WorkflowType = '" + TaskGroupReader.WORKFLOW_TYPE + "'";

  String toVisibilityQuery() {
    List<String> clauses = new ArrayList<>();
    clauses.add(GROUP_WORKFLOW);
    if (status != null) {
      clauses.add(TaskStatuses.query(status));
    }
    if (createdAfter != null) {
      clauses.add("StartTime >= " + quote(createdAfter.toString()));
    }
    if (createdBefore != null) {
      clauses.add("StartTime < " + quote(createdBefore.toString()));
    }
    return String.join(" AND ", clauses);
  }

  /** The running tasks of a group: its children (expansion subtrees included). */
  static String runningChildren(String groupId) {
    return "TaskGroupId = " + quote(groupId) + " AND ExecutionStatus = 'Running'";
  }

  static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}

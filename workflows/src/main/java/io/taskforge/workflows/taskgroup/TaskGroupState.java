package io.taskforge.workflows.taskgroup;

import io.taskforge.workflows.task.TaskStatus;
import java.util.List;
import java.util.Map;

/**
 * A group's state: its status, every task's state in declaration order, and the context (the
 * initial context plus every finished task's output under its name). Answered by the {@code state}
 * query, returned on completion, and carried in the failure details when the group fails.
 */
public record TaskGroupState(
    TaskStatus status, List<GroupTaskState> tasks, Map<String, Object> context, String reason) {}

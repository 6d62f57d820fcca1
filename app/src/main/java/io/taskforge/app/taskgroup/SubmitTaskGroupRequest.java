package io.taskforge.app.taskgroup;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/task-groups}. Only {@code tasks} is required.
 *
 * @param failurePolicy {@code FAIL_FAST} (the default) or {@code CONTINUE}
 * @param maxConcurrency tasks of the group running at once, 1 to 1000 (default 10)
 * @param timeout the whole group's time limit, such as {@code 30m}; none when absent
 * @param priority the default for tasks that name none: LOW, NORMAL (default), HIGH, CRITICAL
 */
public record SubmitTaskGroupRequest(
    String id,
    String name,
    String description,
    Map<String, String> metadata,
    List<GroupTaskRequest> tasks,
    Map<String, Object> context,
    String failurePolicy,
    Integer maxConcurrency,
    String timeout,
    String priority) {}

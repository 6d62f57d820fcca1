package io.taskforge.app.agency;

import io.taskforge.app.taskgroup.GroupTaskRequest;
import java.util.List;
import java.util.Map;

/**
 * One group of an agency: a task group (the fields of {@code POST /api/v1/task-groups} but {@code
 * id} and {@code metadata}) with what it waits for.
 *
 * @param dependsOn group names, or {@code {"group": name, "status": COMPLETED|FAILED|ANY_TERMINAL}}
 * @param waitForContext top-level context keys that must exist before the group starts
 * @param context keys for this group only, over the agency context
 */
public record AgencyGroupRequest(
    String name,
    String description,
    List<Object> dependsOn,
    List<String> waitForContext,
    List<GroupTaskRequest> tasks,
    Map<String, Object> context,
    String failurePolicy,
    Integer maxConcurrency,
    String timeout,
    String priority) {}

package io.taskforge.workflows.agency;

import io.taskforge.workflows.task.TaskStatus;
import java.util.List;
import java.util.Map;

/**
 * An agency's state: its status, every group's state in the order they were added, the shared
 * context and the conflicts met while merging into it. Answered by the {@code state} query,
 * returned on completion, and carried in the failure details when the agency fails.
 *
 * @param continuations how many times the agency has continued as new
 */
public record AgencyState(
    TaskStatus status,
    List<AgencyGroupState> groups,
    Map<String, Object> context,
    List<ContextConflict> conflicts,
    boolean keepOpen,
    boolean closeRequested,
    String reason,
    int continuations) {}

package io.taskforge.workflows.agency;

import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.taskgroup.Dependency;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One group of an agency as the agency knows it.
 *
 * @param groupId the id of its TaskGroupWorkflow ({@code <agencyId>.<name>}); null until started
 * @param outputs what the group published: its tasks' outputs by task name (for a failed group,
 *     those of the tasks that completed, which are not merged into the agency context)
 * @param reason why it failed, was cancelled or was skipped
 */
public record AgencyGroupState(
    String name,
    TaskStatus status,
    String groupId,
    List<Dependency> dependsOn,
    List<String> waitForContext,
    Map<String, Object> outputs,
    String reason,
    Instant startedAt,
    Instant closedAt) {

  public static AgencyGroupState initial(AgencyGroupSpec spec) {
    boolean waits = !spec.dependsOn().isEmpty() || !spec.waitForContext().isEmpty();
    return new AgencyGroupState(
        spec.name(),
        waits ? TaskStatus.WAITING : TaskStatus.PENDING,
        null,
        spec.dependsOn(),
        spec.waitForContext(),
        null,
        null,
        null,
        null);
  }

  public AgencyGroupState started(String id, Instant at) {
    return new AgencyGroupState(
        name, TaskStatus.RUNNING, id, dependsOn, waitForContext, null, null, at, null);
  }

  public AgencyGroupState ended(
      TaskStatus next, Map<String, Object> published, String why, Instant startedAt, Instant at) {
    return new AgencyGroupState(
        name, next, groupId, dependsOn, waitForContext, published, why, startedAt, at);
  }
}

package io.taskforge.workflows.taskgroup;

import io.taskforge.workflows.expansion.ExpansionProgress;
import io.taskforge.workflows.task.TaskFailure;
import io.taskforge.workflows.task.TaskStatus;
import java.time.Instant;

/**
 * One task of a group as the group knows it.
 *
 * @param taskId the id of its child workflow (a TaskWorkflow, or an ExpansionWorkflow)
 * @param output what it published to the group context (null until it completes)
 * @param skipReason why it was skipped, naming the dependency
 * @param expansion item counts, for an expanded task
 */
public record GroupTaskState(
    String name,
    TaskStatus status,
    String taskId,
    Object output,
    TaskFailure failure,
    String skipReason,
    ExpansionProgress expansion,
    Instant startedAt,
    Instant closedAt) {

  public static GroupTaskState initial(String name, boolean hasDependencies) {
    return new GroupTaskState(
        name,
        hasDependencies ? TaskStatus.WAITING : TaskStatus.PENDING,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public GroupTaskState withStatus(TaskStatus next) {
    return new GroupTaskState(
        name, next, taskId, output, failure, skipReason, expansion, startedAt, closedAt);
  }
}

package io.taskforge.workflows.expansion;

import io.taskforge.workflows.task.ArtifactRef;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import java.util.Map;
import java.util.Objects;

/**
 * The input of one {@link ExpansionWorkflow}: the root of an expanded task ({@code items} null), or
 * a subtree covering items {@code [from, to)}.
 *
 * @param expansionId the expanded task's id ({@code <group>.<task>}); its artifacts go under it
 * @param task the task each item runs; its params are templates over {@code item} and {@code index}
 * @param context the group context when the task became ready, for templates
 * @param taskOutputs the outputs of the group's finished tasks, for templates
 * @param items the prepared items; null at the root of a first run
 * @param resume true for retry-failed: items whose output an earlier run stored are not run again
 */
public record ExpansionInput(
    String expansionId,
    String groupId,
    String taskName,
    TaskInput task,
    ExpansionSpec spec,
    Map<String, Object> context,
    Map<String, Object> taskOutputs,
    ArtifactRef items,
    long from,
    long to,
    boolean resume) {
  public ExpansionInput {
    Objects.requireNonNull(expansionId, "expansionId");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(spec, "spec");
    context = context == null ? Map.of() : context;
    taskOutputs = taskOutputs == null ? Map.of() : taskOutputs;
  }

  public ExpansionInput range(ArtifactRef preparedItems, long subFrom, long subTo) {
    return new ExpansionInput(
        expansionId, groupId, taskName, task, spec, context, taskOutputs, preparedItems, subFrom,
        subTo, resume);
  }
}

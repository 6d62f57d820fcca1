package io.taskforge.workflows.expansion;

import io.taskforge.workflows.task.ArtifactRef;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.taskforge.workflows.taskgroup.Templates;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 * @param maxItems the most items the root may prepare before it refuses to run them (the tenant's
 *     limit); null for no limit
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
    boolean resume,
    Long maxItems) {
  public ExpansionInput {
    Objects.requireNonNull(expansionId, "expansionId");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(spec, "spec");
    context = context == null ? Map.of() : context;
    taskOutputs = taskOutputs == null ? Map.of() : taskOutputs;
  }

  /**
   * The input of the subtree over {@code [subFrom, subTo)} of the prepared items. The item source
   * (a literal list can be large) is dropped, since subtrees read the prepared items, and so are
   * the task outputs that the item's params do not refer to.
   */
  public ExpansionInput range(ArtifactRef preparedItems, long subFrom, long subTo) {
    ExpansionSpec withoutSource =
        new ExpansionSpec(
            spec.type(),
            null,
            null,
            spec.customType(),
            null,
            spec.output(),
            spec.parallelism(),
            spec.onItemFailure(),
            spec.mergeMaps());
    Set<String> referenced = Templates.referencedTasks(task.params());
    Map<String, Object> neededOutputs = new LinkedHashMap<>();
    taskOutputs.forEach(
        (name, output) -> {
          if (referenced.contains(name)) {
            neededOutputs.put(name, output);
          }
        });
    return new ExpansionInput(
        expansionId,
        groupId,
        taskName,
        task,
        withoutSource,
        context,
        neededOutputs,
        preparedItems,
        subFrom,
        subTo,
        resume,
        maxItems);
  }
}

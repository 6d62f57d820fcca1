package io.taskforge.workflows.taskgroup;

import io.taskforge.workflows.task.TaskInput;
import java.util.List;
import java.util.Objects;

/**
 * One task of a group: what to run ({@code task}; its params may hold templates, resolved when the
 * task becomes ready), what it waits for, and whether it fans out over items.
 *
 * @param expansion null for a task that runs once
 */
public record GroupTaskSpec(
    String name, TaskInput task, List<Dependency> dependsOn, ExpansionSpec expansion) {
  public GroupTaskSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
  }
}

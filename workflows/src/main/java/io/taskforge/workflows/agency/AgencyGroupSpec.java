package io.taskforge.workflows.agency;

import io.taskforge.workflows.taskgroup.Dependency;
import io.taskforge.workflows.taskgroup.TaskGroupInput;
import java.util.List;
import java.util.Objects;

/**
 * One group of an agency: the task group to run, the groups it waits for (each with a condition on
 * how that group must end, as between the tasks of a group), and the context keys that must exist
 * before it starts.
 *
 * @param group the group's own input; its context overlays the agency context for this group only
 * @param dependsOn other groups of the agency, by name
 * @param waitForContext top-level keys of the agency context the group waits for
 */
public record AgencyGroupSpec(
    String name, TaskGroupInput group, List<Dependency> dependsOn, List<String> waitForContext) {
  public AgencyGroupSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(group, "group");
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    waitForContext = waitForContext == null ? List.of() : List.copyOf(waitForContext);
  }
}

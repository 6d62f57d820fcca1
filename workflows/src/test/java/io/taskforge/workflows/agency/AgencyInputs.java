package io.taskforge.workflows.agency;

import static io.taskforge.workflows.taskgroup.GroupInputs.group;
import static io.taskforge.workflows.taskgroup.GroupInputs.task;

import io.taskforge.workflows.taskgroup.Dependency;
import io.taskforge.workflows.taskgroup.FailurePolicy;
import io.taskforge.workflows.taskgroup.GroupTaskSpec;
import java.util.List;
import java.util.Map;

/** Small factories for agency inputs in tests. */
final class AgencyInputs {
  private AgencyInputs() {}

  /** A group of one task {@code task} of type {@code type} with {@code params}. */
  static AgencyGroupSpec single(
      String name, String task, String type, Map<String, Object> params, String... dependsOn) {
    return groupOf(name, List.of(dependsOn), List.of(), task(task, type, params));
  }

  static AgencyGroupSpec groupOf(
      String name, List<String> dependsOn, List<String> waitForContext, GroupTaskSpec... tasks) {
    return new AgencyGroupSpec(
        name,
        group(FailurePolicy.FAIL_FAST, tasks),
        dependsOn.stream().map(Dependency::on).toList(),
        waitForContext);
  }

  static AgencyInput agency(Map<String, Object> context, AgencyGroupSpec... groups) {
    return new AgencyInput(List.of(groups), context, false, 0, null);
  }

  static AgencyInput openAgency(int historyLimit, AgencyGroupSpec... groups) {
    return new AgencyInput(List.of(groups), Map.of(), true, historyLimit, null);
  }

  /** Three groups: the third reads both others' outputs, top level and namespaced. */
  static AgencyInput threeGroups() {
    return agency(
        Map.of("topic", "rivers"),
        single("research", "facts", "echo", Map.of("count", 3, "about", "{{context.topic}}")),
        single("design", "layout", "echo", Map.of("columns", 2)),
        single(
            "report",
            "write",
            "echo",
            Map.of(
                "text",
                "{{context.facts.count}} facts on {{context.groups.research.facts.about}}"
                    + " in {{context.layout.columns}} columns"),
            "research",
            "design"));
  }
}

package io.taskforge.app.agency;

import io.taskforge.app.security.Tenancy;
import io.taskforge.app.task.TaskView;
import io.taskforge.workflows.agency.AgencyContext;
import io.taskforge.workflows.agency.AgencyGroupState;
import io.taskforge.workflows.agency.AgencyInput;
import io.taskforge.workflows.agency.AgencyState;
import io.taskforge.workflows.agency.ContextConflict;
import io.taskforge.workflows.agency.ContextMerge;
import io.taskforge.workflows.task.TaskStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps an agency's workflow state onto its REST view; pure. */
final class AgencyViews {
  private AgencyViews() {}

  /** What describes an agency besides its state: the memo. */
  record Descriptive(String name, String description, Map<String, String> metadata) {}

  /** The state an agency has before its workflow reports any, from its input alone. */
  static AgencyState initialState(AgencyInput input, TaskStatus status) {
    Map<String, AgencyGroupState> groups = new LinkedHashMap<>();
    if (input.resume() != null) {
      input.resume().groups().forEach(g -> groups.put(g.name(), g));
    }
    input.groups().forEach(spec -> groups.putIfAbsent(spec.name(), AgencyGroupState.initial(spec)));
    return new AgencyState(
        status,
        List.copyOf(groups.values()),
        input.context(),
        input.resume() == null ? List.of() : input.resume().conflicts(),
        input.keepOpen(),
        input.resume() != null && input.resume().closeRequested(),
        null,
        input.resume() == null ? 0 : input.resume().continuations());
  }

  /** A closed agency's groups that never ended were cancelled with it (parent close policy). */
  static AgencyState closed(AgencyState state, TaskStatus status, String reason) {
    List<AgencyGroupState> groups =
        state.groups().stream()
            .map(
                g ->
                    g.status().isTerminal()
                        ? g
                        : g.ended(TaskStatus.CANCELLED, g.outputs(), "agency ended", null, null))
            .toList();
    return new AgencyState(
        status,
        groups,
        state.context(),
        state.conflicts(),
        state.keepOpen(),
        state.closeRequested(),
        state.reason() != null ? state.reason() : reason,
        state.continuations());
  }

  /** The tenant's agency {@code id} (its API id); its groups' ids are shown as API ids too. */
  static AgencyView view(
      String tenant,
      String id,
      Descriptive descriptive,
      AgencyState state,
      AgencyView.Times times,
      TaskView.Temporal temporal) {
    Map<String, Object> context = state.context() == null ? Map.of() : state.context();
    List<AgencyView.GroupView> groups = new ArrayList<>();
    Map<String, AgencyView.GroupResult> results = new LinkedHashMap<>();
    for (AgencyGroupState group : state.groups()) {
      boolean notStarted =
          group.status() == TaskStatus.PENDING || group.status() == TaskStatus.WAITING;
      String groupId = Tenancy.apiId(tenant, group.groupId());
      groups.add(
          new AgencyView.GroupView(
              group.name(),
              group.status().name(),
              groupId,
              groupId == null ? null : "/api/v1/task-groups/" + groupId,
              group.dependsOn().stream()
                  .map(d -> new AgencyView.DependencyView(d.task(), d.condition().name()))
                  .toList(),
              group.waitForContext(),
              notStarted ? AgencyContext.missing(group.waitForContext(), context) : List.of(),
              group.outputs(),
              group.reason(),
              group.startedAt(),
              group.closedAt()));
      results.put(
          group.name(),
          new AgencyView.GroupResult(
              group.status().name(),
              group.outputs() == null ? Map.of() : group.outputs(),
              group.reason()));
    }
    return new AgencyView(
        id,
        descriptive.name(),
        descriptive.description(),
        descriptive.metadata(),
        state.status().name(),
        state.reason(),
        state.keepOpen(),
        state.closeRequested(),
        state.continuations(),
        groups,
        context,
        state.conflicts().stream().map(AgencyViews::conflict).toList(),
        results,
        times,
        temporal);
  }

  static AgencyView.ConflictView conflict(ContextConflict c) {
    return new AgencyView.ConflictView(
        c.key(), c.keptValue(), c.keptFrom(), c.rejectedValue(), c.rejectedFrom(), c.at());
  }

  static ContextUpdateView contextUpdate(ContextMerge merge) {
    return new ContextUpdateView(
        merge.added(),
        merge.unchanged(),
        merge.conflicts().stream().map(AgencyViews::conflict).toList());
  }
}

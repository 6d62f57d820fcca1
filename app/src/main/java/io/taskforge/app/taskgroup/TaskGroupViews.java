package io.taskforge.app.taskgroup;

import io.taskforge.app.security.Tenancy;
import io.taskforge.app.task.TaskView;
import io.taskforge.workflows.expansion.ExpansionProgress;
import io.taskforge.workflows.expansion.ItemFailure;
import io.taskforge.workflows.task.TaskFailure;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.taskgroup.Dependency;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.taskforge.workflows.taskgroup.GroupTaskSpec;
import io.taskforge.workflows.taskgroup.GroupTaskState;
import io.taskforge.workflows.taskgroup.TaskGroupInput;
import io.taskforge.workflows.taskgroup.TaskGroupState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Maps a group's workflow input and state onto its REST view; pure. */
final class TaskGroupViews {
  private static final Set<String> ARTIFACT_REF_KEYS =
      Set.of("taskId", "name", "contentType", "sizeBytes", "sha256");

  private TaskGroupViews() {}

  /** What describes a group besides its input and state: the memo. */
  record Descriptive(String name, String description, Map<String, String> metadata) {}

  /**
   * The state a group has before its workflow reports any: every task waiting or pending, except
   * those an earlier run completed (retry-failed).
   */
  static TaskGroupState initialState(TaskGroupInput input, TaskStatus status) {
    List<GroupTaskState> tasks = new ArrayList<>();
    Map<String, Object> context = new LinkedHashMap<>(input.context());
    for (GroupTaskSpec spec : input.tasks()) {
      GroupTaskState done =
          input.resume() == null ? null : input.resume().completed().get(spec.name());
      if (done != null) {
        tasks.add(done);
        context.put(spec.name(), done.output());
      } else {
        tasks.add(GroupTaskState.initial(spec.name(), !spec.dependsOn().isEmpty()));
      }
    }
    return new TaskGroupState(status, tasks, context, null);
  }

  /**
   * The view of the tenant's group (by its workflow id): every id in it is an API id, but {@code
   * temporal}'s.
   */
  static TaskGroupView view(
      String tenant,
      String workflowId,
      Descriptive descriptive,
      TaskGroupInput input,
      TaskGroupState state,
      Map<String, List<ItemFailure>> itemFailures,
      TaskGroupView.Times times,
      TaskView.Temporal temporal) {
    Map<String, GroupTaskState> states = new LinkedHashMap<>();
    if (state.tasks() != null) {
      state.tasks().forEach(task -> states.put(task.name(), task));
    }
    List<TaskGroupView.GroupTaskView> tasks = new ArrayList<>();
    for (GroupTaskSpec spec : input.tasks()) {
      GroupTaskState task =
          states.getOrDefault(
              spec.name(), GroupTaskState.initial(spec.name(), !spec.dependsOn().isEmpty()));
      tasks.add(taskView(tenant, workflowId, spec, task, itemFailures.get(spec.name())));
    }
    return new TaskGroupView(
        Tenancy.apiId(tenant, workflowId),
        descriptive.name(),
        descriptive.description(),
        descriptive.metadata(),
        state.status().name(),
        state.reason(),
        input.failurePolicy().name(),
        input.maxConcurrency(),
        input.priority().name(),
        input.timeout() == null ? null : input.timeout().toString(),
        tasks,
        state.context() == null ? Map.of() : state.context(),
        times,
        temporal);
  }

  private static TaskGroupView.GroupTaskView taskView(
      String tenant,
      String groupWorkflowId,
      GroupTaskSpec spec,
      GroupTaskState task,
      List<ItemFailure> failedItems) {
    boolean fansOut = ExpansionRequests.fansOut(spec.expansion());
    TaskView.ArtifactView artifact =
        artifactOf(tenant, groupWorkflowId, spec.name(), fansOut, task.output());
    String taskId = Tenancy.apiId(tenant, task.taskId());
    return new TaskGroupView.GroupTaskView(
        spec.name(),
        spec.task().type(),
        task.status().name(),
        taskId,
        taskId == null || fansOut ? null : "/api/v1/tasks/" + taskId,
        spec.dependsOn().stream().map(TaskGroupViews::dependencyView).toList(),
        artifact == null ? task.output() : null,
        artifact,
        task.failure() == null ? null : failureView(task.failure()),
        task.skipReason(),
        spec.expansion() == null
            ? null
            : expansionView(spec.expansion(), task.expansion(), failedItems),
        task.startedAt(),
        task.closedAt());
  }

  private static TaskGroupView.DependencyView dependencyView(Dependency dependency) {
    return new TaskGroupView.DependencyView(dependency.task(), dependency.condition().name());
  }

  private static TaskView.FailureView failureView(TaskFailure failure) {
    return new TaskView.FailureView(
        failure.kind().name(), failure.message(), failure.type(), failure.attempts());
  }

  private static TaskGroupView.ExpansionView expansionView(
      ExpansionSpec spec, ExpansionProgress progress, List<ItemFailure> failedItems) {
    return new TaskGroupView.ExpansionView(
        spec.type().name().toLowerCase(Locale.ROOT),
        spec.output().name().toLowerCase(Locale.ROOT),
        progress == null ? null : progress.total(),
        progress == null ? null : progress.succeeded(),
        progress == null ? null : progress.failed(),
        failedItems == null
            ? List.of()
            : failedItems.stream()
                .map(
                    f ->
                        new TaskGroupView.ItemFailureView(
                            f.index(), f.type(), f.message(), f.attempts()))
                .toList());
  }

  /**
   * The artifact an output refers to, when the output is an artifact reference (it was too large to
   * keep inline). The state arrives as plain JSON, so a reference is recognised by its keys. An
   * expansion's artifacts are filed under the expansion, which is no task: they are served under
   * the group.
   */
  static TaskView.ArtifactView artifactOf(
      String tenant, String groupWorkflowId, String taskName, boolean expanded, Object output) {
    if (!(output instanceof Map<?, ?> map) || !map.keySet().equals(ARTIFACT_REF_KEYS)) {
      return null;
    }
    String name = String.valueOf(map.get("name"));
    String url =
        expanded
            ? "/api/v1/task-groups/"
                + Tenancy.apiId(tenant, groupWorkflowId)
                + "/tasks/"
                + taskName
                + "/artifacts/"
                + name
            : "/api/v1/tasks/"
                + Tenancy.apiId(tenant, String.valueOf(map.get("taskId")))
                + "/artifacts/"
                + name;
    return new TaskView.ArtifactView(
        name,
        String.valueOf(map.get("contentType")),
        map.get("sizeBytes") instanceof Number size ? size.longValue() : 0,
        String.valueOf(map.get("sha256")),
        url);
  }
}

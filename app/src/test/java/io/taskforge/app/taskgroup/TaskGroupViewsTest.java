package io.taskforge.app.taskgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.app.task.TaskView;
import io.taskforge.workflows.expansion.ExpansionProgress;
import io.taskforge.workflows.expansion.ItemFailure;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.taskgroup.Dependency;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.taskforge.workflows.taskgroup.FailurePolicy;
import io.taskforge.workflows.taskgroup.GroupResume;
import io.taskforge.workflows.taskgroup.GroupTaskSpec;
import io.taskforge.workflows.taskgroup.GroupTaskState;
import io.taskforge.workflows.taskgroup.TaskGroupInput;
import io.taskforge.workflows.taskgroup.TaskGroupState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskGroupViewsTest {
  private static final Map<String, Object> REF = ref("g-1.fetch", "output.json");

  @Test
  void view_showsEveryDeclaredTask_withLinksForPlainTasksOnly() {
    TaskGroupInput input =
        input(spec("split", null), spec("fetch", ExpansionSpec.array(List.of(1, 2))));
    TaskGroupState state =
        new TaskGroupState(
            TaskStatus.FAILED,
            List.of(
                done("split", "g-1.split", Map.of("parts", 2)),
                new GroupTaskState(
                    "fetch",
                    TaskStatus.FAILED,
                    "g-1.fetch",
                    REF,
                    null,
                    null,
                    new ExpansionProgress(2, 1, 1),
                    null,
                    null)),
            Map.of(),
            "task 'fetch' failed");

    TaskGroupView view =
        TaskGroupViews.view(
            "default",
            "g-1",
            new TaskGroupViews.Descriptive("g", null, Map.of()),
            input,
            state,
            Map.of("fetch", List.of(new ItemFailure(1, "RemoteRejected", "404", 1))),
            null,
            null);

    TaskGroupView.GroupTaskView split = view.tasks().get(0);
    assertThat(split.taskUrl()).isEqualTo("/api/v1/tasks/g-1.split");
    assertThat(split.output()).isEqualTo(Map.of("parts", 2));
    TaskGroupView.GroupTaskView fetch = view.tasks().get(1);
    assertThat(fetch.taskUrl()).isNull();
    assertThat(fetch.output()).isNull();
    assertThat(fetch.outputArtifact().url())
        .isEqualTo("/api/v1/task-groups/g-1/tasks/fetch/artifacts/output.json");
    assertThat(fetch.expansion())
        .isEqualTo(
            new TaskGroupView.ExpansionView(
                "array",
                "merge",
                2L,
                1L,
                1L,
                List.of(new TaskGroupView.ItemFailureView(1, "RemoteRejected", "404", 1))));
    assertThat(view.reason()).isEqualTo("task 'fetch' failed");
  }

  @Test
  void artifactOfAPlainTask_linksToTheTaskArtifactEndpoint() {
    TaskView.ArtifactView artifact =
        TaskGroupViews.artifactOf(
            "default", "g-1", "split", false, ref("g-1.split", "result.json"));

    assertThat(artifact.url()).isEqualTo("/api/v1/tasks/g-1.split/artifacts/result.json");
    assertThat(TaskGroupViews.artifactOf("default", "g-1", "split", false, Map.of("name", "x")))
        .isNull();
  }

  @Test
  void viewOfAnotherTenantsGroup_showsEveryIdAsTheTenantKnowsIt() {
    TaskGroupInput input =
        input(spec("split", null), spec("fetch", ExpansionSpec.array(List.of(1, 2))));
    TaskGroupState state =
        new TaskGroupState(
            TaskStatus.COMPLETED,
            List.of(
                done("split", "acme/g-1.split", ref("acme/g-1.split", "result.json")),
                done("fetch", "acme/g-1.fetch", ref("acme/g-1.fetch", "output.json"))),
            Map.of(),
            null);

    TaskGroupView view =
        TaskGroupViews.view(
            "acme",
            "acme/g-1",
            new TaskGroupViews.Descriptive("g", null, Map.of()),
            input,
            state,
            Map.of(),
            null,
            null);

    assertThat(view.id()).isEqualTo("g-1");
    TaskGroupView.GroupTaskView split = view.tasks().get(0);
    assertThat(split.taskId()).isEqualTo("g-1.split");
    assertThat(split.taskUrl()).isEqualTo("/api/v1/tasks/g-1.split");
    assertThat(split.outputArtifact().url())
        .isEqualTo("/api/v1/tasks/g-1.split/artifacts/result.json");
    assertThat(view.tasks().get(1).outputArtifact().url())
        .isEqualTo("/api/v1/task-groups/g-1/tasks/fetch/artifacts/output.json");
  }

  @Test
  void initialState_keepsWhatAnEarlierRunCompleted() {
    TaskGroupInput input =
        input(spec("split", null), spec("fetch", ExpansionSpec.array(List.of(1)), "split"))
            .withResume(
                new GroupResume(
                    Map.of("split", done("split", "g-1.split", Map.of("n", 1))), List.of("fetch")));

    TaskGroupState state = TaskGroupViews.initialState(input, TaskStatus.PENDING);

    assertThat(state.tasks())
        .extracting(GroupTaskState::status)
        .containsExactly(TaskStatus.COMPLETED, TaskStatus.WAITING);
    assertThat(state.context()).containsEntry("split", Map.of("n", 1));
  }

  @Test
  void retryFailed_rerunsTheTaskAndEverythingDownstream() {
    TaskGroupInput input =
        input(
            spec("split", null),
            spec("fetch", ExpansionSpec.array(List.of(1)), "split"),
            spec("merge", null, "fetch"),
            spec("report", null, "merge"),
            spec("audit", null, "split"));

    assertThat(TaskGroupService.withDependents(input, "fetch"))
        .isEqualTo(Set.of("fetch", "merge", "report"));
  }

  @Test
  void groupQuery_combinesFilters_andChildrenAreFoundByGroupId() {
    assertThat(new TaskGroupQuery(TaskStatus.FAILED, null, null).toVisibilityQuery())
        .isEqualTo(
            "WorkflowType = 'TaskGroupWorkflow' AND (ExecutionStatus = 'Failed' OR ExecutionStatus"
                + " = 'TimedOut')");
    assertThat(TaskGroupQuery.runningChildren("g'1"))
        .isEqualTo("TaskGroupId = 'g\\'1' AND ExecutionStatus = 'Running'");
  }

  private static GroupTaskState done(String name, String taskId, Object output) {
    return new GroupTaskState(
        name, TaskStatus.COMPLETED, taskId, output, null, null, null, null, null);
  }

  private static GroupTaskSpec spec(String name, ExpansionSpec expansion, String... dependsOn) {
    TaskInput task =
        new TaskInput(
            "echo",
            Map.of("text", "x"),
            TaskPriority.NORMAL,
            "taskforge",
            RetrySpec.of(1, Duration.ofSeconds(1)),
            new TimeoutSpec(
                Duration.ofMinutes(1), Duration.ofMinutes(1), null, Duration.ofSeconds(30)),
            false,
            null);
    return new GroupTaskSpec(
        name, task, List.of(dependsOn).stream().map(Dependency::on).toList(), expansion);
  }

  private static TaskGroupInput input(GroupTaskSpec... specs) {
    return new TaskGroupInput(
        List.of(specs), Map.of(), FailurePolicy.FAIL_FAST, 10, null, TaskPriority.NORMAL, null);
  }

  private static Map<String, Object> ref(String taskId, String name) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("taskId", taskId);
    ref.put("name", name);
    ref.put("contentType", "application/json");
    ref.put("sizeBytes", 1234);
    ref.put("sha256", "abc");
    return ref;
  }
}

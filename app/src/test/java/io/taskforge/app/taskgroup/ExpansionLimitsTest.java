package io.taskforge.app.taskgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.app.web.FieldProblem;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.taskforge.workflows.taskgroup.FailurePolicy;
import io.taskforge.workflows.taskgroup.GroupTaskSpec;
import io.taskforge.workflows.taskgroup.OutputFormat;
import io.taskforge.workflows.taskgroup.TaskGroupInput;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpansionLimitsTest {
  @Test
  void literalArrayAndMatrixOverTheLimit_areNamed_templatesAndCustomWaitForTheRun() {
    Map<String, Object> axes = new LinkedHashMap<>();
    axes.put("size", List.of("S", "M", "L"));
    axes.put("colour", List.of("red", "blue"));
    TaskGroupInput input =
        group(
            task("small", ExpansionSpec.array(List.of(1, 2, 3, 4, 5))),
            task("big", ExpansionSpec.array(List.of(1, 2, 3, 4, 5, 6))),
            task("grid", ExpansionSpec.matrix(axes)),
            task("later", ExpansionSpec.array("{{tasks.small.output}}")),
            task("custom", ExpansionSpec.custom("lister", Map.of())),
            task(
                "single",
                ExpansionSpec.array(List.of(1, 2, 3, 4, 5, 6, 7)).withOutput(OutputFormat.SINGLE)));

    List<FieldProblem> problems = ExpansionLimits.oversized(input, 5, "acme", "groups[2].");

    assertThat(problems)
        .extracting(FieldProblem::field)
        .containsExactly("groups[2].tasks[1].expand", "groups[2].tasks[2].expand");
    assertThat(problems.getFirst().message())
        .isEqualTo(
            "fans out to 6 items; tenant acme may fan out to at most 5 items in one expansion");
  }

  @Test
  void noLimit_refusesNothing_andTravelsAsNone() {
    TaskGroupInput input = group(task("big", ExpansionSpec.array(List.of(1, 2, 3))));

    assertThat(ExpansionLimits.oversized(input, 0, "acme", "")).isEmpty();
    assertThat(ExpansionLimits.limited(input, 0).maxExpansionItems()).isNull();
    assertThat(ExpansionLimits.limited(input, 2).maxExpansionItems()).isEqualTo(2L);
  }

  private static GroupTaskSpec task(String name, ExpansionSpec expansion) {
    return new GroupTaskSpec(
        name,
        new TaskInput(
            "item",
            Map.of(),
            TaskPriority.NORMAL,
            "taskforge",
            RetrySpec.of(3, Duration.ofSeconds(1)),
            new TimeoutSpec(
                Duration.ofHours(1), Duration.ofMinutes(10), null, Duration.ofSeconds(30)),
            false,
            null),
        List.of(),
        expansion);
  }

  private static TaskGroupInput group(GroupTaskSpec... tasks) {
    return new TaskGroupInput(
        List.of(tasks), Map.of(), FailurePolicy.FAIL_FAST, 10, null, TaskPriority.NORMAL, null);
  }
}

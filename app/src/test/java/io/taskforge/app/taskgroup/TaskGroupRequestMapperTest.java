package io.taskforge.app.taskgroup;

import static io.taskforge.app.taskgroup.GroupFixtures.array;
import static io.taskforge.app.taskgroup.GroupFixtures.dependency;
import static io.taskforge.app.taskgroup.GroupFixtures.echo;
import static io.taskforge.app.taskgroup.GroupFixtures.expanded;
import static io.taskforge.app.taskgroup.GroupFixtures.group;
import static io.taskforge.app.taskgroup.GroupFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskforge.app.web.FieldProblem;
import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.taskgroup.Dependency;
import io.taskforge.workflows.taskgroup.DependencyCondition;
import io.taskforge.workflows.taskgroup.ExpansionType;
import io.taskforge.workflows.taskgroup.FailurePolicy;
import io.taskforge.workflows.taskgroup.GroupTaskSpec;
import io.taskforge.workflows.taskgroup.ItemFailurePolicy;
import io.taskforge.workflows.taskgroup.OutputFormat;
import io.taskforge.workflows.taskgroup.TaskGroupInput;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class TaskGroupRequestMapperTest {
  private static final String TENANT = "default";

  private final TaskGroupRequestMapper mapper = GroupFixtures.mapper();

  @Test
  void validDiamond_becomesTheWorkflowInputWithDefaultsFilledIn() {
    TaskGroupInput input =
        mapper
            .map(
                group(
                    echo("split", "doc"),
                    echo("left", "{{tasks.split.output.text}}", "split"),
                    echo("fallback", "x", dependency("split", "failed")),
                    echo("join", "j", "left", dependency("fallback", "any_terminal"))),
                TENANT)
            .input();

    assertThat(input.tasks())
        .extracting(GroupTaskSpec::name)
        .containsExactly("split", "left", "fallback", "join");
    assertThat(input.tasks().get(2).dependsOn())
        .containsExactly(new Dependency("split", DependencyCondition.FAILED));
    assertThat(input.tasks().get(3).dependsOn())
        .containsExactly(
            Dependency.on("left"), new Dependency("fallback", DependencyCondition.ANY_TERMINAL));
    assertThat(input.tasks().get(1).task().params())
        .containsEntry("text", "{{tasks.split.output.text}}")
        .containsEntry("times", 1);
    assertThat(input.failurePolicy()).isEqualTo(FailurePolicy.FAIL_FAST);
    assertThat(input.maxConcurrency()).isEqualTo(10);
    assertThat(input.timeout()).isNull();
    assertThat(input.resume()).isNull();
    assertThat(input.tasks().get(0).task().activityTaskQueue()).isEqualTo("taskforge");
  }

  @Test
  void groupSettings_areParsedCaseInsensitively_andTasksInheritTheGroupPriority() {
    SubmitTaskGroupRequest request =
        new SubmitTaskGroupRequest(
            "nightly",
            "n",
            null,
            null,
            List.of(
                echo("a", "x"),
                new GroupTaskRequest(
                    "b", "echo", null, Map.of("text", "y"), "low", null, null, null, null)),
            Map.of("greeting", "hi"),
            "continue",
            3,
            "30m",
            "high");

    TaskGroupRequestMapper.ValidGroup group = mapper.map(request, TENANT);

    assertThat(group.id()).isEqualTo("nightly");
    assertThat(group.input().failurePolicy()).isEqualTo(FailurePolicy.CONTINUE);
    assertThat(group.input().maxConcurrency()).isEqualTo(3);
    assertThat(group.input().timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(group.input().priority()).isEqualTo(TaskPriority.HIGH);
    assertThat(group.input().context()).containsEntry("greeting", "hi");
    assertThat(group.input().tasks().get(0).task().priority()).isEqualTo(TaskPriority.HIGH);
    assertThat(group.input().tasks().get(1).task().priority()).isEqualTo(TaskPriority.LOW);
  }

  @Test
  void cycle_isRefusedWithItsPath() {
    List<FieldProblem> errors =
        errors(group(echo("a", "x", "c"), echo("b", "x", "a"), echo("c", "x", "b")));

    assertThat(errors)
        .containsExactly(new FieldProblem("tasks[0].dependsOn", "cycle: a -> c -> b -> a"));
  }

  @Test
  void duplicateNames_areEachReportedWithTheFirstOccurrence() {
    List<FieldProblem> errors = errors(group(echo("a", "x"), echo("b", "x"), echo("a", "y")));

    assertThat(errors)
        .containsExactly(
            new FieldProblem("tasks[2].name", "duplicate task name 'a' (also tasks[0].name)"));
  }

  @Test
  void unknownAndSelfDependencies_areNamedByPath() {
    List<FieldProblem> errors = errors(group(echo("a", "x", "nope"), echo("b", "x", "b")));

    assertThat(errors)
        .containsExactlyInAnyOrder(
            new FieldProblem("tasks[0].dependsOn[0]", "unknown task 'nope'"),
            new FieldProblem("tasks[1].dependsOn[0]", "task 'b' depends on itself"));
  }

  @Test
  void namesThatWouldBreakChildIdsOrKeys_andMissingNames_areRefused() {
    List<FieldProblem> errors =
        errors(group(echo("a.b", "x"), echo("c[1]", "x"), echo(null, "x"), echo("ok", "x")));

    assertThat(errors)
        .extracting(FieldProblem::field)
        .containsExactly("tasks[0].name", "tasks[1].name", "tasks[2].name");
  }

  @Test
  void malformedDependencies_areRefused() {
    List<FieldProblem> errors =
        errors(
            group(
                echo("a", "x"),
                echo("b", "x", dependency("a", "sometimes"), 42, Map.of("status", "FAILED"))));

    assertThat(errors)
        .extracting(FieldProblem::field)
        .containsExactly(
            "tasks[1].dependsOn[0].status", "tasks[1].dependsOn[1]", "tasks[1].dependsOn[2].task");
  }

  @Test
  void templateParams_areNotTypeChecked_andCountAsGiven() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("text", "{{context.text}}");
    params.put("times", "{{context.times}}");

    GroupTaskSpec spec =
        mapper.map(group(task("a", "echo", params)), TENANT).input().tasks().getFirst();

    assertThat(spec.task().params()).containsEntry("times", "{{context.times}}");
  }

  @Test
  void nonTemplateParams_areTypeChecked_andTextWithTemplatesIsAString() {
    List<FieldProblem> errors =
        errors(
            group(
                task("a", "echo", Map.of("text", 5, "times", 99)),
                task("b", "echo", Map.of("text", "t", "times", "{{context.n}} times")),
                task("c", "echo", Map.of("text", "{{context.t}}", "colour", "{{context.c}}")),
                task("d", "echo", Map.of())));

    assertThat(errors)
        .containsExactlyInAnyOrder(
            new FieldProblem("tasks[0].params.text", "must be of type string"),
            new FieldProblem("tasks[0].params.times", "must be at most 10"),
            new FieldProblem("tasks[1].params.times", "must be of type integer"),
            new FieldProblem("tasks[2].params.colour", "unknown parameter for type echo"),
            new FieldProblem("tasks[3].params.text", "is required"));
  }

  @Test
  void taskLevelRetryTimeoutsAndType_areCheckedLikeSingleTasks() {
    List<FieldProblem> errors =
        errors(
            group(
                new GroupTaskRequest(
                    "a",
                    "echo",
                    null,
                    Map.of("text", "x"),
                    "urgent",
                    new io.taskforge.app.task.SubmitTaskRequest.Retry(-1, null, null, null, null),
                    new io.taskforge.app.task.SubmitTaskRequest.Timeouts(
                        "forever", null, null, null),
                    null,
                    null),
                task("b", "nope", Map.of())));

    assertThat(errors)
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder(
            "tasks[0].priority",
            "tasks[0].retry.maxAttempts",
            "tasks[0].timeouts.execution",
            "tasks[1].type");
  }

  @Test
  void templateReadingANonDependency_isRefused_butATransitiveOneIsFine() {
    assertThat(
            errors(
                group(
                    echo("a", "x"),
                    echo("b", "{{tasks.a.output.text}}"),
                    echo("c", "{{tasks.ghost.output}}"))))
        .containsExactly(
            new FieldProblem(
                "tasks[1].params.text",
                "template reads the output of 'a', which this task does not depend on; add it to"
                    + " dependsOn"),
            new FieldProblem("tasks[2].params.text", "template refers to unknown task 'ghost'"));

    mapper.map(
        group(echo("a", "x"), echo("b", "x", "a"), echo("c", "{{tasks.a.output}}", "b")), TENANT);
  }

  @Test
  void malformedTemplates_andItemOutsideAnExpansion_areRefused() {
    List<FieldProblem> errors =
        errors(group(echo("a", "{{context.x"), echo("b", "{{item}}"), echo("c", "{{ }}")));

    assertThat(errors)
        .extracting(FieldProblem::field)
        .containsExactly("tasks[0].params.text", "tasks[1].params.text", "tasks[2].params.text");
  }

  @Test
  void arrayExpansion_mapsToItsSpec_withItemTemplatesAllowed() {
    GroupTaskRequest.Expand expand =
        new GroupTaskRequest.Expand(
            "Array",
            List.of(1, 2, 3),
            null,
            null,
            null,
            "SEPARATE",
            4,
            "complete_with_successes",
            null);

    GroupTaskSpec spec =
        mapper
            .map(
                group(expanded("each", "echo", Map.of("text", "#{{index}}: {{item}}"), expand)),
                TENANT)
            .input()
            .tasks()
            .getFirst();

    assertThat(spec.expansion().type()).isEqualTo(ExpansionType.ARRAY);
    assertThat(spec.expansion().items()).isEqualTo(List.of(1, 2, 3));
    assertThat(spec.expansion().output()).isEqualTo(OutputFormat.SEPARATE);
    assertThat(spec.expansion().parallelism()).isEqualTo(4);
    assertThat(spec.expansion().onItemFailure())
        .isEqualTo(ItemFailurePolicy.COMPLETE_WITH_SUCCESSES);
  }

  @Test
  void badExpansions_areRefusedField_byField() {
    List<FieldProblem> errors =
        errors(
            group(
                expanded("a", "echo", Map.of("text", "{{item}}"), array(null, null)),
                expanded("b", "echo", Map.of("text", "{{item}}"), array("not a template", null)),
                expanded(
                    "c",
                    "echo",
                    Map.of("text", "{{item}}"),
                    new GroupTaskRequest.Expand(
                        "matrix",
                        null,
                        Map.of("size", List.of()),
                        null,
                        null,
                        "sideways",
                        0,
                        null,
                        null)),
                expanded(
                    "d",
                    "echo",
                    Map.of("text", "x"),
                    new GroupTaskRequest.Expand(
                        "spiral", null, null, null, null, null, null, null, null))));

    assertThat(errors)
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder(
            "tasks[0].expand.items",
            "tasks[1].expand.items",
            "tasks[2].expand.output",
            "tasks[2].expand.axes.size",
            "tasks[2].expand.parallelism",
            "tasks[3].expand.type");
  }

  @Test
  void expansionItemsFromATask_mustBeADependencyToo() {
    List<FieldProblem> errors =
        errors(
            group(
                echo("split", "x"),
                expanded(
                    "each",
                    "echo",
                    Map.of("text", "{{item}}"),
                    array("{{tasks.split.output.parts}}", null))));

    assertThat(errors).extracting(FieldProblem::field).containsExactly("tasks[1].expand.items");
  }

  @Test
  void singleOutput_passesTheItemsAsParam_soTheTypeMustTakeThem() {
    GroupTaskSpec spec =
        mapper
            .map(
                group(expanded("all", "batch", Map.of(), array(List.of("a", "b"), "single"))),
                TENANT)
            .input()
            .tasks()
            .getFirst();
    assertThat(spec.task().params()).containsOnlyKeys("mode");

    assertThat(
            errors(
                group(expanded("all", "echo", Map.of("text", "x"), array(List.of(1), "single")))))
        .extracting(FieldProblem::field)
        .containsExactly("tasks[0].expand.output");
  }

  @Test
  void badGroupSettings_areAllReported() {
    SubmitTaskGroupRequest request =
        new SubmitTaskGroupRequest(
            "bad id!",
            null,
            null,
            null,
            List.of(echo("a", "x")),
            Map.of("a", 1),
            "sometimes",
            0,
            "soon",
            "huge");

    assertThat(errors(request))
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder(
            "id", "failurePolicy", "maxConcurrency", "timeout", "priority", "context.a");
  }

  @Test
  void noTasks_orTooMany_areRefused() {
    assertThat(errors(group())).extracting(FieldProblem::field).containsExactly("tasks");
    GroupTaskRequest[] many = new GroupTaskRequest[501];
    for (int i = 0; i < many.length; i++) {
      many[i] = echo("t" + i, "x");
    }
    assertThat(errors(group(many)))
        .extracting(FieldProblem::message)
        .containsExactly("may hold at most 500 tasks");
  }

  @SuppressWarnings("unchecked")
  private List<FieldProblem> errors(SubmitTaskGroupRequest request) {
    ErrorResponseException e =
        catchThrowableOfType(ErrorResponseException.class, () -> mapper.map(request, TENANT));
    assertThat(e).as("the request should be refused").isNotNull();
    assertThat(e.getStatusCode().value()).isEqualTo(422);
    return (List<FieldProblem>) e.getBody().getProperties().get("errors");
  }
}

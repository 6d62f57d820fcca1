package io.taskforge.workflows.taskgroup;

import static io.taskforge.workflows.taskgroup.TemplatesTest.keys;
import static io.taskforge.workflows.taskgroup.TemplatesTest.ordered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpansionPlannerTest {

  private final TemplateScope scope =
      TemplateScope.of(
          ordered("regions", List.of("eu", "us"), "region", "eu", "size", 3),
          ordered("split", ordered("chunks", List.of("c1", "c2"), "count", 2), "empty", List.of()));

  @Test
  void arrayLiteral_yieldsItsElementsWithTemplatesResolved() {
    ExpansionSpec spec = ExpansionSpec.array(List.of("a", "{{context.region}}", 5));

    assertThat(ExpansionPlanner.items(spec, scope)).containsExactly("a", "eu", 5);
  }

  @Test
  void arrayTemplate_yieldsTheResolvedList() {
    ExpansionSpec spec = ExpansionSpec.array("{{ tasks.split.output.chunks }}");

    assertThat(ExpansionPlanner.items(spec, scope)).containsExactly("c1", "c2");
  }

  @Test
  void arrayTemplateResolvingEmpty_hasNoItems() {
    assertThat(ExpansionPlanner.items(ExpansionSpec.array("{{tasks.empty.output}}"), scope))
        .isEmpty();
  }

  @Test
  void arrayTemplateResolvingToNonList_isAnError() {
    assertThatThrownBy(
            () -> ExpansionPlanner.items(ExpansionSpec.array("{{tasks.split.output}}"), scope))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("items: '{{tasks.split.output}}' resolved to an object, not a list");
    assertThatThrownBy(() -> ExpansionPlanner.items(ExpansionSpec.array("{{context.size}}"), scope))
        .hasMessage("items: '{{context.size}}' resolved to a number, not a list");
  }

  @Test
  void arrayTextThatIsNotOneTemplate_isAnError() {
    assertThatThrownBy(
            () -> ExpansionPlanner.items(ExpansionSpec.array("rows: {{context.regions}}"), scope))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("items: must be a list or exactly one template, not a string");
  }

  @Test
  void arrayTemplateToMissingValue_isTemplateError() {
    assertThatThrownBy(
            () -> ExpansionPlanner.items(ExpansionSpec.array("{{tasks.split.output.rows}}"), scope))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("task 'split' has no key 'rows'");
  }

  @Test
  void matrix_firstAxisVariesSlowest() {
    ExpansionSpec spec =
        ExpansionSpec.matrix(
            ordered("region", "{{context.regions}}", "size", List.of("s", "m", "l")));

    List<Object> items = ExpansionPlanner.items(spec, scope);

    assertThat(items)
        .containsExactly(
            ordered("region", "eu", "size", "s"),
            ordered("region", "eu", "size", "m"),
            ordered("region", "eu", "size", "l"),
            ordered("region", "us", "size", "s"),
            ordered("region", "us", "size", "m"),
            ordered("region", "us", "size", "l"));
    assertThat(keys(items.get(0))).containsExactly("region", "size");
  }

  @Test
  void matrixOfThreeAxes_hasProductOfSizes() {
    ExpansionSpec spec =
        ExpansionSpec.matrix(
            ordered("a", List.of(1, 2), "b", List.of(1, 2, 3), "c", List.of(true, false)));

    List<Object> items = ExpansionPlanner.items(spec, scope);

    assertThat(items).hasSize(12);
    assertThat(items.get(1)).isEqualTo(ordered("a", 1, "b", 1, "c", false));
    assertThat(items.get(11)).isEqualTo(ordered("a", 2, "b", 3, "c", false));
    assertThat(ExpansionPlanner.matrixSize(Map.of("a", List.of(1, 2), "b", List.of(1, 2, 3))))
        .isEqualTo(6);
  }

  @Test
  void matrixAxisResolvingEmpty_isAnError() {
    ExpansionSpec spec =
        ExpansionSpec.matrix(ordered("x", List.of(1), "none", "{{tasks.empty.output}}"));

    assertThatThrownBy(() -> ExpansionPlanner.items(spec, scope))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("axes.none: must not be empty");
  }

  @Test
  void matrixAxisNotAList_isAnError() {
    ExpansionSpec spec = ExpansionSpec.matrix(ordered("r", "{{context.region}}"));

    assertThatThrownBy(() -> ExpansionPlanner.items(spec, scope))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("axes.r: '{{context.region}}' resolved to a string, not a list");
  }

  @Test
  void customExpansion_isNotPlannedHere() {
    assertThatThrownBy(
            () -> ExpansionPlanner.items(ExpansionSpec.custom("shards", Map.of()), scope))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("custom expansion 'shards'");
  }

  @Test
  void matrixSize_saturatesOnOverflowAndIsZeroWhenEmpty() {
    List<Object> big = Collections.nCopies(1 << 20, 0);
    Map<String, List<?>> huge = new LinkedHashMap<>();
    for (String axis : List.of("a", "b", "c", "d")) {
      huge.put(axis, big);
    }

    assertThat(ExpansionPlanner.matrixSize(huge)).isEqualTo(Long.MAX_VALUE);
    assertThat(ExpansionPlanner.matrixSize(Map.of("a", big, "b", big, "c", big)))
        .isEqualTo(1L << 60);
    assertThat(ExpansionPlanner.matrixSize(Map.of("a", big, "b", List.of()))).isZero();
    assertThat(ExpansionPlanner.matrixSize(Map.of())).isZero();
  }

  @Test
  void validate_acceptsWellFormedSpecs() {
    assertThat(ExpansionPlanner.validate(ExpansionSpec.array("{{tasks.split.output.chunks}}")))
        .isEmpty();
    assertThat(ExpansionPlanner.validate(ExpansionSpec.array(List.of("{{context.x}}")))).isEmpty();
    assertThat(
            ExpansionPlanner.validate(
                ExpansionSpec.matrix(ordered("a", List.of(1), "b", "{{context.b}}"))
                    .withParallelism(4)
                    .withMergeMaps(true)))
        .isEmpty();
    assertThat(
            ExpansionPlanner.validate(
                ExpansionSpec.custom("shards", Map.of("n", 4)).withOutput(OutputFormat.SINGLE)))
        .isEmpty();
  }

  @Test
  void validate_arrayProblems() {
    assertThat(ExpansionPlanner.validate(ExpansionSpec.array(null)))
        .containsExactly("items: is required for an ARRAY expansion");
    assertThat(ExpansionPlanner.validate(ExpansionSpec.array(List.of())))
        .containsExactly("items: must not be empty");
    assertThat(ExpansionPlanner.validate(ExpansionSpec.array("a, b")))
        .containsExactly(
            "items: must be a list or exactly one template such as '{{tasks.split.output}}'");
    assertThat(ExpansionPlanner.validate(ExpansionSpec.array(Map.of("a", 1))))
        .containsExactly("items: must be a list or a template, not an object");
    assertThat(ExpansionPlanner.validate(ExpansionSpec.array("{{item}}")))
        .containsExactly(
            "items: template '{{item}}': 'item' is only available inside an expansion");
    assertThat(ExpansionPlanner.validate(ExpansionSpec.array(List.of(1, "{{ctx.a}}"))))
        .containsExactly(
            "items: [1]: template '{{ctx.a}}': unknown root 'ctx', expected context, tasks, item"
                + " or index");
  }

  @Test
  void validate_matrixProblems() {
    assertThat(ExpansionPlanner.validate(ExpansionSpec.matrix(null)))
        .containsExactly("axes: a MATRIX expansion needs at least one axis");
    assertThat(
            ExpansionPlanner.validate(
                ExpansionSpec.matrix(ordered("a", List.of(), "b", 3, "c", null))))
        .containsExactly(
            "axes.a: must not be empty",
            "axes.b: must be a list or a template, not a number",
            "axes.c: is required");
    List<Object> big = Collections.nCopies(1 << 16, 0);
    assertThat(ExpansionPlanner.validate(ExpansionSpec.matrix(ordered("a", big, "b", big))))
        .containsExactly("axes: more than 2147483647 combinations");
  }

  @Test
  void validate_customAndGeneralProblems() {
    assertThat(ExpansionPlanner.validate(ExpansionSpec.custom(" ", null)))
        .containsExactly("customType: is required for a CUSTOM expansion");
    assertThat(
            ExpansionPlanner.validate(
                new ExpansionSpec(
                    ExpansionType.ARRAY,
                    List.of(1),
                    Map.of("x", List.of(1)),
                    "shards",
                    null,
                    OutputFormat.SINGLE,
                    0,
                    ItemFailurePolicy.COMPLETE_WITH_SUCCESSES,
                    true)))
        .containsExactly(
            "axes: only a MATRIX expansion has axes",
            "customType: only a CUSTOM expansion has a custom type and params",
            "parallelism: must be at least 1",
            "mergeMaps: applies only to output MERGE",
            "onItemFailure: output SINGLE runs one execution, so no item can fail alone");
  }

  @Test
  void spec_defaultsOutputAndFailurePolicy() {
    ExpansionSpec spec = ExpansionSpec.array(List.of(1));

    assertThat(spec.output()).isEqualTo(OutputFormat.MERGE);
    assertThat(spec.onItemFailure()).isEqualTo(ItemFailurePolicy.FAIL);
    assertThat(spec.parallelism()).isNull();
    assertThat(spec.axes()).isEmpty();
  }

  @Test
  void spec_survivesTemporalPayloadRoundTrip() {
    ExpansionSpec spec =
        ExpansionSpec.matrix(ordered("b", List.of(1, 2), "a", "{{context.regions}}"))
            .withOutput(OutputFormat.SEPARATE)
            .withParallelism(3)
            .withOnItemFailure(ItemFailurePolicy.COMPLETE_WITH_SUCCESSES);
    DataConverter converter = DefaultDataConverter.newDefaultInstance();

    ExpansionSpec copy =
        converter.fromPayload(
            converter.toPayload(spec).orElseThrow(), ExpansionSpec.class, ExpansionSpec.class);

    assertThat(copy).isEqualTo(spec);
    assertThat(keys(copy.axes())).containsExactly("b", "a");
  }
}

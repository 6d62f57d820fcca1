package io.taskforge.workflows.tasktype;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TimeoutSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamRulesTest {
  private static final TimeoutSpec LIMITS =
      new TimeoutSpec(Duration.ofMinutes(10), Duration.ofMinutes(5), null, Duration.ofSeconds(30));

  /** window must exceed step; step defaults to half the window. */
  private static final ParamRules WINDOW_RULES =
      new ParamRules() {
        @Override
        public Map<String, Object> derivedDefaults(Map<String, Object> given) {
          if (given.get("step") != null || given.get("window") == null) {
            return Map.of();
          }
          Map<String, Object> derived = new HashMap<>();
          derived.put("step", given.get("window") instanceof Number n ? n.longValue() / 2 : null);
          return derived;
        }

        @Override
        public List<ParamError> check(Map<String, Object> params) {
          if (params.get("step") instanceof Number step
              && params.get("window") instanceof Number window
              && step.longValue() >= window.longValue()) {
            return List.of(new ParamError("params.step", "must be less than params.window"));
          }
          return List.of();
        }
      };

  private static final TaskTypeDefinition TYPE =
      new TaskTypeDefinition(
          "windows",
          "Windows.",
          TaskQueues.DEFAULT,
          List.of(
              ParamSpec.optional("window", ParamType.INTEGER, 10, "Window.").between(2, 100),
              ParamSpec.optional("step", ParamType.INTEGER, 5, "Step.").between(1, 99)),
          RetrySpec.of(3, Duration.ofSeconds(1)),
          LIMITS,
          WINDOW_RULES);

  @Test
  void derivedDefault_followsTheParamItDependsOn_andWinsOverTheFixedOne() {
    assertThat(TYPE.withDefaults(Map.of("window", 4))).containsEntry("step", 2L);
    assertThat(TYPE.withDefaults(Map.of())).containsEntry("window", 10).containsEntry("step", 5);
    assertThat(TYPE.withDefaults(Map.of("window", 4, "step", 1))).containsEntry("step", 1);
  }

  @Test
  void derivedDefaultOfAnUnknownValue_staysAbsentUntilTheRun() {
    assertThat(TYPE.withDefaults(Map.of("window", "{{tasks.a.output.n}}")))
        .doesNotContainKey("step");
  }

  @Test
  void withDefaults_isIdempotent() {
    Map<String, Object> once = TYPE.withDefaults(Map.of("window", 30));
    assertThat(TYPE.withDefaults(once)).isEqualTo(once);
  }

  @Test
  void rulesSeeTheDefaults_andRunOnlyOnParamsValidAlone() {
    assertThat(TYPE.validate(Map.of("window", 4, "step", 4)))
        .containsExactly(new ParamError("params.step", "must be less than params.window"));
    assertThat(TYPE.validate(Map.of("window", 4))).isEmpty();
    // window 1 is out of range on its own: only that is said
    assertThat(TYPE.validate(Map.of("window", 1, "step", 4)))
        .extracting(ParamError::field)
        .containsExactly("params.window");
  }

  @Test
  void valuesHoldingTemplates_areSeenDeepInside() {
    assertThat(ParamRules.holdsTemplate(List.of(Map.of("a", "{{tasks.x.output}}")))).isTrue();
    assertThat(ParamRules.holdsTemplate(List.of(Map.of("a", 1), "plain"))).isFalse();
    assertThat(ParamRules.holdsTemplate(null)).isFalse();
  }

  @Test
  void typeWithoutRules_behavesAsBefore() {
    TaskTypeDefinition plain =
        new TaskTypeDefinition(
            "plain",
            "Plain.",
            TaskQueues.DEFAULT,
            List.of(ParamSpec.optional("n", ParamType.INTEGER, 1, "N.")),
            RetrySpec.of(3, Duration.ofSeconds(1)),
            LIMITS);
    assertThat(plain.rules()).isSameAs(ParamRules.NONE);
    assertThat(plain.withDefaults(Map.of())).containsEntry("n", 1);
    assertThat(plain.validate(Map.of("n", 2))).isEmpty();
  }
}

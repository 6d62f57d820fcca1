package io.taskforge.activities.resources;

import static io.taskforge.activities.resources.AlertLevel.CRITICAL;
import static io.taskforge.activities.resources.AlertLevel.WARNING;
import static io.taskforge.activities.resources.SystemResource.CPU;
import static io.taskforge.activities.resources.SystemResource.MEMORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRulesTest {
  /** Margin 0.05; thresholds not given are at their defaults. */
  private static AlertRules rules(
      ResourceSettings.Thresholds cpu, ResourceSettings.Thresholds memory, int clearAfter) {
    return new AlertRules(
        new ResourceSettings.Alerts(
            cpu, memory, null, null, 0.05, clearAfter, 100, "", "", Duration.ofSeconds(5)));
  }

  private static AlertRules memoryRules(double warning, double critical, int clearAfter) {
    return rules(null, new ResourceSettings.Thresholds(true, warning, critical), clearAfter);
  }

  /** Memory: warning 0.80, critical 0.90; two samples below to clear. */
  private final AlertRules rules = memoryRules(0.80, 0.90, 2);

  @Test
  void valueReachingWarning_raisesAWarningAtOnce() {
    assertThat(rules.evaluate(Samples.memory(0, 0.79))).isEmpty();

    List<AlertTransition> transitions = rules.evaluate(Samples.memory(1, 0.80));

    assertThat(transitions)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.resource()).isEqualTo(MEMORY);
              assertThat(t.kind()).isEqualTo(AlertTransition.Kind.RAISED);
              assertThat(t.from()).isNull();
              assertThat(t.to()).isEqualTo(WARNING);
              assertThat(t.threshold()).isEqualTo(0.80);
              assertThat(t.value()).isEqualTo(0.80, offset(1e-9));
              assertThat(t.at()).isEqualTo(Samples.T0.plusSeconds(1));
            });
    assertThat(rules.active())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.level()).isEqualTo(WARNING);
              assertThat(a.raisedAt()).isEqualTo(Samples.T0.plusSeconds(1));
            });
  }

  @Test
  void warningThenCritical_escalatesKeepingWhenItWasRaised() {
    rules.evaluate(Samples.memory(0, 0.85));

    List<AlertTransition> transitions = rules.evaluate(Samples.memory(5, 0.95));

    assertThat(transitions)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(AlertTransition.Kind.ESCALATED);
              assertThat(t.from()).isEqualTo(WARNING);
              assertThat(t.to()).isEqualTo(CRITICAL);
              assertThat(t.threshold()).isEqualTo(0.90);
            });
    assertThat(rules.active())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.level()).isEqualTo(CRITICAL);
              assertThat(a.raisedAt()).isEqualTo(Samples.T0);
              assertThat(a.since()).isEqualTo(Samples.T0.plusSeconds(5));
            });
  }

  @Test
  void idleToBeyondCritical_raisesCriticalDirectly() {
    assertThat(rules.evaluate(Samples.memory(0, 0.99)))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(AlertTransition.Kind.RAISED);
              assertThat(t.to()).isEqualTo(CRITICAL);
            });
  }

  @Test
  void fallingBack_lowersThenClears_eachAfterTwoSamplesBelowThresholdLessMargin() {
    rules.evaluate(Samples.memory(0, 0.95));

    // 0.86 is within critical's margin (0.90 - 0.05 = 0.85): still critical.
    assertThat(rules.evaluate(Samples.memory(1, 0.86))).isEmpty();
    assertThat(rules.evaluate(Samples.memory(2, 0.84))).isEmpty();
    List<AlertTransition> lowered = rules.evaluate(Samples.memory(3, 0.84));
    assertThat(lowered)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(AlertTransition.Kind.LOWERED);
              assertThat(t.from()).isEqualTo(CRITICAL);
              assertThat(t.to()).isEqualTo(WARNING);
              assertThat(t.threshold()).isEqualTo(0.90);
            });

    assertThat(rules.evaluate(Samples.memory(4, 0.50))).isEmpty();
    List<AlertTransition> cleared = rules.evaluate(Samples.memory(5, 0.50));
    assertThat(cleared)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(AlertTransition.Kind.CLEARED);
              assertThat(t.from()).isEqualTo(WARNING);
              assertThat(t.to()).isNull();
              assertThat(t.threshold()).isEqualTo(0.80);
              assertThat(t.at()).isEqualTo(Samples.T0.plusSeconds(5));
            });
    assertThat(rules.active()).isEmpty();
  }

  @Test
  void valueHoveringAtTheThreshold_raisesOnceAndNeverFlaps() {
    List<AlertTransition> all = new ArrayList<>();
    double[] values = {0.81, 0.79, 0.80, 0.78, 0.82, 0.76, 0.80, 0.79, 0.81};
    for (int i = 0; i < values.length; i++) {
      all.addAll(rules.evaluate(Samples.memory(i, values[i])));
    }

    assertThat(all).extracting(AlertTransition::kind).containsExactly(AlertTransition.Kind.RAISED);
    assertThat(rules.active()).singleElement().extracting(ActiveAlert::value).isEqualTo(0.81);
  }

  @Test
  void oneSampleBackWithinTheMargin_restartsTheCountTowardsClearing() {
    rules.evaluate(Samples.memory(0, 0.85));

    assertThat(rules.evaluate(Samples.memory(1, 0.70))).isEmpty();
    assertThat(rules.evaluate(Samples.memory(2, 0.77))).isEmpty(); // within 0.80 - 0.05
    assertThat(rules.evaluate(Samples.memory(3, 0.70))).isEmpty();
    assertThat(rules.evaluate(Samples.memory(4, 0.70)))
        .extracting(AlertTransition::kind)
        .containsExactly(AlertTransition.Kind.CLEARED);
  }

  @Test
  void clearAfterOne_clearsAtTheFirstSampleBelowThresholdLessMargin() {
    AlertRules eager = memoryRules(0.80, 0.90, 1);
    eager.evaluate(Samples.memory(0, 0.85));

    assertThat(eager.evaluate(Samples.memory(1, 0.76))).isEmpty();
    assertThat(eager.evaluate(Samples.memory(2, 0.74)))
        .extracting(AlertTransition::kind)
        .containsExactly(AlertTransition.Kind.CLEARED);
  }

  @Test
  void criticalFallingFarBelowWarning_clearsInOneStepWithoutPassingThroughWarning() {
    rules.evaluate(Samples.memory(0, 0.95));
    rules.evaluate(Samples.memory(1, 0.10));

    assertThat(rules.evaluate(Samples.memory(2, 0.10)))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.from()).isEqualTo(CRITICAL);
              assertThat(t.to()).isNull();
            });
  }

  @Test
  void thresholdBelowTheMargin_stillClears_belowHalfTheThreshold() {
    AlertRules tiny = memoryRules(0.02, 1.0, 1);
    tiny.evaluate(Samples.memory(0, 0.5));

    assertThat(tiny.evaluate(Samples.memory(1, 0.011))).isEmpty();
    assertThat(tiny.evaluate(Samples.memory(2, 0.0)))
        .extracting(AlertTransition::kind)
        .containsExactly(AlertTransition.Kind.CLEARED);
  }

  @Test
  void unknownValue_changesNothing() {
    rules.evaluate(Samples.cpu(0, 0.99));

    assertThat(rules.evaluate(Samples.cpu(1, Double.NaN))).isEmpty();
    assertThat(rules.evaluate(Samples.cpu(2, Double.NaN))).isEmpty();
    assertThat(rules.active()).extracting(ActiveAlert::resource).containsExactly(CPU);
  }

  @Test
  void disabledResource_raisesNothing() {
    AlertRules rulesWithoutCpu = rules(new ResourceSettings.Thresholds(false, null, null), null, 2);

    assertThat(rulesWithoutCpu.evaluate(Samples.cpu(0, 1.0))).isEmpty();
    assertThat(rulesWithoutCpu.active()).isEmpty();
  }

  @Test
  void severalResourcesAtOnce_eachGetsItsOwnAlert() {
    List<AlertTransition> transitions = rules.evaluate(Samples.of(0, 0.99, 0.85, 0.1, 0.0));

    assertThat(transitions)
        .extracting(AlertTransition::resource, AlertTransition::to)
        .containsExactly(tuple(CPU, CRITICAL), tuple(MEMORY, WARNING));
  }
}

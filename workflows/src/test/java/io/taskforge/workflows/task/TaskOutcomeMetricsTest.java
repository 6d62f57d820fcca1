package io.taskforge.workflows.task;

import static io.taskforge.workflows.task.TaskInputs.sleepTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import org.junit.jupiter.api.Test;

/** The outcome counters as they reach Micrometer through the SDK's reporter. */
class TaskOutcomeMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Scope scope =
      new RootScopeBuilder()
          .reporter(new MicrometerClientStatsReporter(registry))
          .reportEvery(Duration.ofSeconds(60));

  @Test
  void outcomes_areCountedByTypeAndPriority_andFailuresByKind() throws Exception {
    TaskInput high = sleepTask().priority(TaskPriority.HIGH).build();
    TaskInput normal = sleepTask().build();

    TaskOutcomeMetrics.record(scope, high, TaskStatus.COMPLETED, null);
    TaskOutcomeMetrics.record(scope, high, TaskStatus.COMPLETED, null);
    TaskOutcomeMetrics.record(scope, normal, TaskStatus.FAILED, FailureKind.TIMEOUT);
    TaskOutcomeMetrics.record(scope, normal, TaskStatus.CANCELLED, FailureKind.CANCELLED);
    TaskOutcomeMetrics.record(scope, normal, TaskStatus.SKIPPED, null);
    scope.close(); // reports what is buffered

    assertThat(count(TaskOutcomeMetrics.COMPLETED, "priority", "HIGH")).isEqualTo(2);
    assertThat(
            registry
                .get(TaskOutcomeMetrics.FAILED)
                .tags("type", "sleep", "priority", "NORMAL", "kind", "TIMEOUT")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(count(TaskOutcomeMetrics.CANCELLED, "priority", "NORMAL")).isEqualTo(1);
    assertThat(count(TaskOutcomeMetrics.SKIPPED, "priority", "NORMAL")).isEqualTo(1);
  }

  @Test
  void openStatus_isNoOutcome() {
    assertThatThrownBy(
            () -> TaskOutcomeMetrics.record(scope, sleepTask().build(), TaskStatus.RUNNING, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private double count(String name, String tag, String value) {
    return registry.get(name).tag("type", "sleep").tag(tag, value).counter().count();
  }
}

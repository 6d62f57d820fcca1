package io.taskforge.activities.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceMetricsTest {
  private final ResourceMonitorTest.ScriptedSampler sampler =
      new ResourceMonitorTest.ScriptedSampler()
          .then(Samples.of(0, 0.25, 0.90, 0.40, 0.02))
          .then(Samples.of(1, 0.25, 0.10, 0.40, 0.02))
          .then(Samples.of(2, 0.25, 0.10, 0.40, 0.02));
  private final ResourceMonitor monitor =
      new ResourceMonitor(
          sampler,
          new ResourceSettings(true, Duration.ofSeconds(1), "", ResourceSettings.Alerts.defaults()),
          List.of());
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void beforeTheFirstSample_usageIsNaN_andEveryAlertSeriesExistsAtZero() {
    new ResourceMetrics(monitor).bindTo(registry);

    assertThat(registry.get("taskforge.system.cpu.usage").gauge().value()).isNaN();
    assertThat(registry.get("taskforge.alerts.active").gauges()).hasSize(8);
    assertThat(registry.get("taskforge.alerts.raised").functionCounters()).hasSize(8);
    assertThat(registry.get("taskforge.alerts.active").gauges())
        .allSatisfy(g -> assertThat(g.value()).isZero());
  }

  @Test
  void gaugesFollowTheLatestSample_andAlertMetersFollowRaiseAndClear() {
    new ResourceMetrics(monitor).bindTo(registry);

    monitor.sampleNow();
    assertThat(registry.get("taskforge.system.cpu.usage").gauge().value()).isEqualTo(0.25);
    assertThat(registry.get("taskforge.system.memory.usage").gauge().value())
        .isCloseTo(0.90, offset(1e-6));
    assertThat(registry.get("taskforge.system.disk.usage").gauge().value())
        .isCloseTo(0.40, offset(1e-6));
    assertThat(registry.get("taskforge.system.iowait").gauge().value()).isEqualTo(0.02);
    assertThat(active("memory", "warning")).isEqualTo(1);
    assertThat(active("memory", "critical")).isZero();
    assertThat(counter("taskforge.alerts.raised", "memory", "warning")).isEqualTo(1);

    monitor.sampleNow();
    monitor.sampleNow();
    assertThat(active("memory", "warning")).isZero();
    assertThat(counter("taskforge.alerts.cleared", "memory", "warning")).isEqualTo(1);
    assertThat(counter("taskforge.alerts.raised", "cpu", "warning")).isZero();
  }

  private double active(String alert, String level) {
    return registry
        .get("taskforge.alerts.active")
        .tag("alert", alert)
        .tag("level", level)
        .gauge()
        .value();
  }

  private double counter(String name, String alert, String level) {
    return registry.get(name).tag("alert", alert).tag("level", level).functionCounter().count();
  }
}

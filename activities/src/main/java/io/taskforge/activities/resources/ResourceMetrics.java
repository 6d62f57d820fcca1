package io.taskforge.activities.resources;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * The monitor's meters: {@code taskforge.system.cpu.usage}, {@code .memory.usage}, {@code
 * .disk.usage} and {@code taskforge.system.iowait} (ratios 0 to 1 from the latest sample, NaN
 * before it), {@code taskforge.alerts.active{alert,level}} (1 while that alert is at that level),
 * and the counters {@code taskforge.alerts.raised} and {@code taskforge.alerts.cleared} (times an
 * alert reached or left a level). Every alert and level is registered up front, so dashboards see
 * zeros rather than missing series.
 */
public final class ResourceMetrics implements MeterBinder {
  private final ResourceMonitor monitor;

  public ResourceMetrics(ResourceMonitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    usage(
        registry,
        "taskforge.system.cpu.usage",
        "CPU busy share since the previous sample",
        s -> s.cpu());
    usage(registry, "taskforge.system.memory.usage", "Physical memory in use", s -> s.memory());
    usage(
        registry,
        "taskforge.system.disk.usage",
        "Space used on the data folder's filesystem",
        s -> s.disk().usage());
    usage(registry, "taskforge.system.iowait", "CPU share idle waiting for I/O", s -> s.iowait());
    for (SystemResource resource : SystemResource.values()) {
      for (AlertLevel level : AlertLevel.values()) {
        Gauge.builder("taskforge.alerts.active", monitor, m -> m.isActive(resource, level) ? 1 : 0)
            .description("1 while the resource's alert is at this level")
            .tag("alert", resource.key())
            .tag("level", level.key())
            .strongReference(true)
            .register(registry);
        FunctionCounter.builder(
                "taskforge.alerts.raised", monitor, m -> m.raisedCount(resource, level))
            .description("Times the resource's alert reached this level")
            .tag("alert", resource.key())
            .tag("level", level.key())
            .register(registry);
        FunctionCounter.builder(
                "taskforge.alerts.cleared", monitor, m -> m.clearedCount(resource, level))
            .description("Times the resource's alert left this level")
            .tag("alert", resource.key())
            .tag("level", level.key())
            .register(registry);
      }
    }
  }

  private void usage(
      MeterRegistry registry, String name, String description, ToDoubleFunction<ResourceSample> f) {
    Gauge.builder(name, monitor, m -> m.latest().map(f::applyAsDouble).orElse(Double.NaN))
        .description(description)
        .strongReference(true)
        .register(registry);
  }
}

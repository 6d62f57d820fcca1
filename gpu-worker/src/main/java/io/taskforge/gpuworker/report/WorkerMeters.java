package io.taskforge.gpuworker.report;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.taskforge.gpuworker.GpuWorkerSettings;
import io.taskforge.gpuworker.discovery.GpuDevice;
import io.taskforge.gpuworker.discovery.GpuInventory;
import io.taskforge.gpuworker.slot.SlotAllocator;
import io.taskforge.gpuworker.task.WorkerStats;
import io.taskforge.workflows.worker.GpuState;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * This worker's state as gauges, tagged with its id (one value per process, so bounded):
 *
 * <ul>
 *   <li>{@code taskforge.worker.slots.capacity} and {@code taskforge.worker.slots.busy}: activity
 *       slots, with the mode (gpu, cpu);
 *   <li>{@code taskforge.worker.tasks.running};
 *   <li>per GPU ({@code gpu} = its index, {@code name} = its model): {@code
 *       taskforge.gpu.utilization} (percent), {@code taskforge.gpu.memory.used} and {@code .total}
 *       (bytes), {@code taskforge.gpu.slots.busy}.
 * </ul>
 *
 * The GPU figures are those of the registry reporter's last measurement (nvidia-smi every report
 * interval), so a scrape never waits for nvidia-smi; a figure nvidia-smi does not give is NaN.
 */
public final class WorkerMeters implements MeterBinder {
  private static final double MIB = 1024.0 * 1024.0;

  private final GpuWorkerSettings settings;
  private final GpuInventory inventory;
  private final SlotAllocator slots;
  private final WorkerStats stats;
  private final Supplier<List<GpuState>> lastMeasured;

  public WorkerMeters(
      GpuWorkerSettings settings,
      GpuInventory inventory,
      SlotAllocator slots,
      WorkerStats stats,
      Supplier<List<GpuState>> lastMeasured) {
    this.settings = settings;
    this.inventory = inventory;
    this.slots = slots;
    this.stats = stats;
    this.lastMeasured = lastMeasured;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags worker =
        Tags.of(
            "worker",
            settings.workerId(),
            "mode",
            inventory.mode().name().toLowerCase(Locale.ROOT));
    Gauge.builder("taskforge.worker.slots.capacity", slots, SlotAllocator::capacity)
        .description("Activity slots of this worker")
        .tags(worker)
        .register(registry);
    Gauge.builder("taskforge.worker.slots.busy", slots, SlotAllocator::busy)
        .description("Activity slots of this worker that hold a running task")
        .tags(worker)
        .register(registry);
    Gauge.builder("taskforge.worker.tasks.running", stats, WorkerStats::running)
        .description("GPU tasks running on this worker")
        .tags(worker)
        .register(registry);
    for (GpuDevice device : inventory.devices()) {
      Tags gpu =
          Tags.of(
              "worker",
              settings.workerId(),
              "gpu",
              Integer.toString(device.index()),
              "name",
              device.name());
      gauge(
          registry,
          "taskforge.gpu.utilization",
          "percent",
          gpu,
          device,
          s -> number(s.utilizationPercent()));
      gauge(
          registry, "taskforge.gpu.memory.used", "bytes", gpu, device, s -> mib(s.memoryUsedMib()));
      gauge(
          registry,
          "taskforge.gpu.memory.total",
          "bytes",
          gpu,
          device,
          s -> mib(s.memoryTotalMib()));
      Gauge.builder(
              "taskforge.gpu.slots.busy",
              slots,
              s -> s.busyByDevice().getOrDefault(device.index(), 0))
          .description("Slots of this GPU that hold a running task")
          .tags(gpu)
          .register(registry);
    }
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String unit,
      Tags tags,
      GpuDevice device,
      Function<GpuState, Double> figure) {
    Gauge.builder(name, this, meters -> meters.figure(device.index(), figure))
        .baseUnit(unit)
        .tags(tags)
        .register(registry);
  }

  private double figure(int index, Function<GpuState, Double> figure) {
    return lastMeasured.get().stream()
        .filter(state -> state.index() == index)
        .findFirst()
        .map(figure)
        .orElse(Double.NaN);
  }

  private static Double number(Integer value) {
    return value == null ? Double.NaN : value.doubleValue();
  }

  private static Double mib(Long value) {
    return value == null ? Double.NaN : value * MIB;
  }
}

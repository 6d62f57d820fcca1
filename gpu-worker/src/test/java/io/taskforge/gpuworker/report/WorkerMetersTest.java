package io.taskforge.gpuworker.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskforge.gpuworker.GpuWorkerSettings;
import io.taskforge.gpuworker.discovery.GpuInventory;
import io.taskforge.gpuworker.discovery.NvidiaSmi;
import io.taskforge.gpuworker.slot.SlotAllocator;
import io.taskforge.gpuworker.task.WorkerStats;
import io.taskforge.workflows.worker.GpuState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WorkerMetersTest {
  private static final double MIB = 1024 * 1024;

  private final GpuWorkerSettings settings =
      new GpuWorkerSettings(
          "w1",
          GpuWorkerSettings.Mode.AUTO,
          "nvidia-smi",
          List.of(),
          2,
          1,
          "gpu",
          Duration.ofSeconds(3),
          Duration.ofSeconds(15),
          Duration.ofMinutes(30),
          Duration.ofSeconds(5),
          "target/gpu-work",
          Map.of());

  /** One H100, as nvidia-smi lists it. */
  private final GpuInventory inventory =
      GpuInventory.discover(
          settings,
          new NvidiaSmi("nvidia-smi") {
            @Override
            public Optional<String> query() {
              return Optional.of("0, NVIDIA H100 80GB HBM3, 81559, 1, 0\n");
            }
          });

  private final SlotAllocator slots =
      new SlotAllocator(List.of(new SlotAllocator.Device(0, "NVIDIA H100 80GB HBM3", 2, "0")));
  private final AtomicReference<List<GpuState>> measured = new AtomicReference<>(List.of());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void gpuWorker_showsItsSlotsAndEachGpusLastMeasuredFigures() {
    new WorkerMeters(
            settings, inventory, slots, new WorkerStats(Duration.ofMinutes(1)), measured::get)
        .bindTo(registry);

    assertThat(gpu("taskforge.gpu.utilization")).as("not measured yet").isNaN();

    slots.tryReserve("gpu");
    slots.lease("gpu");
    measured.set(List.of(new GpuState(0, "NVIDIA H100 80GB HBM3", 81559L, 2048L, 37, 2, 1)));

    assertThat(worker("taskforge.worker.slots.capacity")).isEqualTo(2);
    assertThat(worker("taskforge.worker.slots.busy")).isEqualTo(1);
    assertThat(worker("taskforge.worker.tasks.running")).isZero();
    assertThat(gpu("taskforge.gpu.utilization")).isEqualTo(37);
    assertThat(gpu("taskforge.gpu.memory.used")).isEqualTo(2048 * MIB);
    assertThat(gpu("taskforge.gpu.memory.total")).isEqualTo(81559 * MIB);
    assertThat(gpu("taskforge.gpu.slots.busy")).isEqualTo(1);
    assertThat(registry.get("taskforge.gpu.memory.used").gauge().getId().getBaseUnit())
        .isEqualTo("bytes");
  }

  private double worker(String name) {
    return registry.get(name).tags("worker", "w1", "mode", "gpu").gauge().value();
  }

  private double gpu(String name) {
    return registry
        .get(name)
        .tags("worker", "w1", "gpu", "0", "name", "NVIDIA H100 80GB HBM3")
        .gauge()
        .value();
  }
}

package io.taskforge.gpuworker.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskforge.gpuworker.GpuWorkerSettings;
import io.taskforge.gpuworker.GpuWorkerSettings.Mode;
import io.taskforge.workflows.worker.WorkerMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GpuInventoryTest {

  /**
   * Stands in for the nvidia-smi binary: answers with saved output, or fails like a host without
   * one.
   */
  static NvidiaSmi smi(String savedOutput) {
    return new NvidiaSmi("nvidia-smi") {
      @Override
      public Optional<String> query() {
        return Optional.ofNullable(savedOutput).map(NvidiaSmiParserTest::saved);
      }
    };
  }

  static GpuWorkerSettings settings(
      Mode mode, List<Integer> devices, int slotsPerGpu, int cpuSlots) {
    return new GpuWorkerSettings(
        "w1",
        mode,
        "nvidia-smi",
        devices,
        slotsPerGpu,
        cpuSlots,
        "gpu",
        Duration.ofSeconds(3),
        Duration.ofSeconds(15),
        Duration.ofMinutes(30),
        Duration.ofSeconds(5),
        "target/gpu-work",
        Map.of());
  }

  @Test
  void discoveredGpus_giveGpuModeWithSlotsPerGpu() {
    GpuInventory inventory =
        GpuInventory.discover(settings(Mode.AUTO, List.of(), 2, 1), smi("multi-a100.txt"));

    assertThat(inventory.mode()).isEqualTo(WorkerMode.GPU);
    assertThat(inventory.devices()).hasSize(4);
    assertThat(inventory.totalSlots()).isEqualTo(8);
  }

  @Test
  void noNvidiaSmi_givesExplicitCpuModeWithCpuSlots() {
    GpuInventory inventory = GpuInventory.discover(settings(Mode.AUTO, List.of(), 1, 3), smi(null));

    assertThat(inventory.mode()).isEqualTo(WorkerMode.CPU);
    assertThat(inventory.totalSlots()).isEqualTo(3);
    assertThat(inventory.reason()).contains("no GPU").contains("nvidia-smi");
    assertThat(inventory.measure()).isEmpty();
  }

  @Test
  void configuredDevices_overrideDiscoveryAndKeepMeasuredFigures() {
    GpuInventory inventory =
        GpuInventory.discover(settings(Mode.AUTO, List.of(1, 7), 1, 1), smi("multi-a100.txt"));

    assertThat(inventory.mode()).isEqualTo(WorkerMode.GPU);
    assertThat(inventory.devices())
        .containsExactly(
            new GpuDevice(1, "NVIDIA A100-SXM4-40GB", 40960L, 0L, 0), GpuDevice.configured(7));
  }

  @Test
  void gpuModeDemanded_withoutGpu_refusesToStart() {
    assertThatThrownBy(() -> GpuInventory.discover(settings(Mode.GPU, List.of(), 1, 1), smi(null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mode=gpu");
  }

  @Test
  void cpuModeConfigured_ignoresGpus() {
    GpuInventory inventory =
        GpuInventory.discover(settings(Mode.CPU, List.of(), 1, 2), smi("single-h100.txt"));

    assertThat(inventory.mode()).isEqualTo(WorkerMode.CPU);
    assertThat(inventory.totalSlots()).isEqualTo(2);
  }

  @Test
  void realNvidiaSmiMissing_answersEmpty() {
    assertThat(new NvidiaSmi("/nonexistent/nvidia-smi").query()).isEmpty();
  }
}

package io.taskforge.gpuworker.discovery;

import java.util.Objects;

/**
 * A GPU as nvidia-smi describes it; memory (MiB) and utilisation (%) are null where nvidia-smi says
 * {@code [N/A]} or the device was configured rather than discovered.
 */
public record GpuDevice(
    int index, String name, Long memoryTotalMib, Long memoryUsedMib, Integer utilizationPercent) {
  public GpuDevice {
    Objects.requireNonNull(name, "name");
    if (index < 0) {
      throw new IllegalArgumentException("GPU index must be >= 0: " + index);
    }
  }

  /** A device known only by its configured index. */
  public static GpuDevice configured(int index) {
    return new GpuDevice(index, "gpu" + index, null, null, null);
  }
}

package io.taskforge.workflows.worker;

import java.util.Objects;

/**
 * One device of a gpu-worker as last measured. Memory and utilisation are null when unknown (a
 * configured device that nvidia-smi does not describe).
 */
public record GpuState(
    int index,
    String name,
    Long memoryTotalMib,
    Long memoryUsedMib,
    Integer utilizationPercent,
    int slots,
    int busySlots) {
  public GpuState {
    Objects.requireNonNull(name, "name");
  }
}

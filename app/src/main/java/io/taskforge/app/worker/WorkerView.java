package io.taskforge.app.worker;

import java.time.Instant;
import java.util.List;

/** One gpu-worker as {@code /api/v1/workers/stats} shows it. */
public record WorkerView(
    String workerId,
    String host,
    boolean healthy,
    String mode,
    String queue,
    Instant lastSeenAt,
    Instant startedAt,
    List<Gpu> gpus,
    int slotsTotal,
    int slotsBusy,
    long tasksRunning,
    long tasksCompleted,
    long tasksFailed,
    List<Model> warmModels,
    List<String> taskTypes) {

  public record Gpu(
      int index,
      String name,
      Long memoryTotalMib,
      Long memoryUsedMib,
      Integer utilizationPercent,
      int slots,
      int busySlots) {}

  public record Model(String model, Instant lastUsedAt) {}
}

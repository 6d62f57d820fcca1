package io.taskforge.app.worker;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/workers/stats}: per-worker figures, totals and the GPU queues. */
public record WorkerStatsView(
    Instant checkedAt,
    Totals totals,
    List<WorkerView> workers,
    List<QueueView> queues,
    List<String> notes) {

  public record Totals(
      int workers,
      int healthyWorkers,
      int gpus,
      int slotsTotal,
      int slotsBusy,
      long tasksRunning,
      long tasksCompleted,
      long tasksFailed,
      Long backlog) {}
}

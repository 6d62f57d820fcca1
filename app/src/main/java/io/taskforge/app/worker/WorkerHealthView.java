package io.taskforge.app.worker;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/workers/health}.
 *
 * @param status UP (every known worker healthy), DEGRADED (some unhealthy), DOWN (none healthy),
 *     NO_WORKERS (no gpu-worker has ever reported)
 */
public record WorkerHealthView(
    String status,
    Instant checkedAt,
    List<Worker> workers,
    List<QueueView> queues,
    List<String> notes) {

  /**
   * @param secondsSinceReport how old its last report is
   * @param polling whether Temporal lists it among the pollers of its own queue
   */
  public record Worker(
      String workerId,
      boolean healthy,
      String mode,
      Instant lastSeenAt,
      long secondsSinceReport,
      boolean polling,
      int slotsTotal,
      int slotsBusy) {}
}

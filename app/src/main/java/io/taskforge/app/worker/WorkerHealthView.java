package io.taskforge.app.worker;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/workers/health}.
 *
 * @param status DOWN (Temporal does not answer, or no gpu-worker is healthy), DEGRADED (a part is
 *     down or did not answer, or some gpu-workers are unhealthy), NO_WORKERS (no gpu-worker has
 *     ever reported, the rest is up), UP
 * @param parts each part on its own: {@code temporal}, {@code cpu-worker} (pollers of the CPU
 *     queue), {@code gpu-queue}, {@code worker-registry} (the gpu-workers' reports)
 */
public record WorkerHealthView(
    String status,
    Instant checkedAt,
    List<Worker> workers,
    List<QueueView> queues,
    List<String> notes,
    List<Part> parts) {

  public WorkerHealthView(
      String status,
      Instant checkedAt,
      List<Worker> workers,
      List<QueueView> queues,
      List<String> notes) {
    this(status, checkedAt, workers, queues, notes, List.of());
  }

  /**
   * One part of the system that work depends on.
   *
   * @param status UP, DOWN, or UNKNOWN (it did not answer within the health deadline)
   * @param detail what was found, naming the queue
   */
  public record Part(String name, String status, String detail) {}

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

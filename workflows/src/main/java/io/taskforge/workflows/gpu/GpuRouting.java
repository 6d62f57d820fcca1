package io.taskforge.workflows.gpu;

import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.worker.WarmModel;
import io.taskforge.workflows.worker.WorkerEntry;
import io.taskforge.workflows.worker.WorkerReport;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which worker a GPU task should try first (seed 001's optimal-worker routing), as pure logic.
 *
 * <p>Only a task that names a model and belongs to a session or group (its affinity key) is routed:
 * it prefers a healthy worker that holds the model warm, first one that served the same key with
 * it, then the one with the most free slots, then the one that used the model last. Anything else,
 * and any doubt, goes to the shared queue, where whichever worker has a free slot takes it.
 */
public final class GpuRouting {
  private GpuRouting() {}

  /** The worker-specific queue of a worker: {@code gpu@<workerId>}. */
  public static String workerQueue(String workerId) {
    return TaskQueues.GPU + "@" + workerId;
  }

  public static Optional<WorkerEntry> preferredWorker(
      List<WorkerEntry> workers, String model, String affinityKey) {
    if (isBlank(model) || isBlank(affinityKey)) {
      return Optional.empty();
    }
    Comparator<WorkerEntry> best =
        Comparator.comparing((WorkerEntry w) -> servedKey(w.report(), model, affinityKey))
            .thenComparingInt(w -> w.report().freeSlots())
            .thenComparing(w -> lastUsed(w.report(), model));
    return workers.stream()
        .filter(WorkerEntry::healthy)
        .filter(w -> !w.report().stopping())
        .filter(w -> w.report().holdsWarm(model))
        .max(best);
  }

  private static boolean servedKey(WorkerReport report, String model, String key) {
    return report.warmModels().stream()
        .anyMatch(warm -> warm.model().equals(model) && warm.affinityKeys().contains(key));
  }

  private static Instant lastUsed(WorkerReport report, String model) {
    return report.warmModels().stream()
        .filter(warm -> warm.model().equals(model))
        .map(WarmModel::lastUsedAt)
        .max(Comparator.naturalOrder())
        .orElse(Instant.EPOCH);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}

package io.taskforge.workflows.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a gpu-worker tells the registry every few seconds.
 *
 * @param queue the worker's own task queue ({@code gpu@<workerId>})
 * @param sharedQueue the queue all GPU workers poll
 * @param unhealthyAfter how long without a report before the registry marks this worker unhealthy
 * @param stopping the worker is shutting down: its last report
 * @param circuitBreakers the worker's circuit breakers (its openai servers); empty in reports from
 *     workers older than this field
 * @param announcedTypes the task types this worker serves with their definitions, for workers whose
 *     types the app does not know from its own code (Python workers); empty for gpu-workers
 */
// A newer worker's report must still reach an older registry: unknown fields are skipped.
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkerReport(
    String workerId,
    String host,
    String queue,
    String sharedQueue,
    WorkerMode mode,
    List<GpuState> gpus,
    int slotsTotal,
    int slotsBusy,
    long tasksRunning,
    long tasksCompleted,
    long tasksFailed,
    List<WarmModel> warmModels,
    List<String> taskTypes,
    Instant startedAt,
    Instant reportedAt,
    Duration unhealthyAfter,
    boolean stopping,
    List<CircuitBreakerState> circuitBreakers,
    List<AnnouncedTaskType> announcedTypes) {
  public WorkerReport {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(unhealthyAfter, "unhealthyAfter");
    gpus = gpus == null ? List.of() : List.copyOf(gpus);
    warmModels = warmModels == null ? List.of() : List.copyOf(warmModels);
    taskTypes = taskTypes == null ? List.of() : List.copyOf(taskTypes);
    circuitBreakers = circuitBreakers == null ? List.of() : List.copyOf(circuitBreakers);
    announcedTypes = announcedTypes == null ? List.of() : List.copyOf(announcedTypes);
  }

  public int freeSlots() {
    return Math.max(0, slotsTotal - slotsBusy);
  }

  public boolean holdsWarm(String model) {
    return warmModels.stream().anyMatch(warm -> warm.model().equals(model));
  }
}

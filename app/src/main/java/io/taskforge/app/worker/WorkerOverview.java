package io.taskforge.app.worker;

import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.worker.WorkerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Everything the worker endpoints show, read in one go: the registry's latest report per gpu-worker
 * (a query) and Temporal's view of the shared GPU queue and each worker's own queue. Blocking; the
 * controller runs it off the event loop.
 */
@Component
public class WorkerOverview {
  private final TemporalApiClient temporal;
  private final TaskQueueInspector queues;

  public WorkerOverview(TemporalApiClient temporal, TaskQueueInspector queues) {
    this.temporal = temporal;
    this.queues = queues;
  }

  /** A snapshot. */
  public record Snapshot(
      Instant checkedAt, List<WorkerEntry> workers, List<QueueView> queues, List<String> notes) {}

  public Snapshot read() {
    List<String> notes = new ArrayList<>();
    List<WorkerEntry> workers = WorkerRegistryReader.workers(temporal, notes);
    List<QueueView> described = new ArrayList<>();
    described.add(queues.describe(TaskQueues.GPU, "shared"));
    for (WorkerEntry worker : workers) {
      described.add(queues.describe(worker.report().queue(), "worker"));
    }
    if (queues.statsUnsupported()) {
      notes.add(TaskQueueInspector.NO_BACKLOG_NOTE);
    }
    return new Snapshot(Instant.now(), workers, described, notes);
  }
}

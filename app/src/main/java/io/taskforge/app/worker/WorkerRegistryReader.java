package io.taskforge.app.worker;

import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.workflows.worker.WorkerEntry;
import io.taskforge.workflows.worker.WorkerRegistryWorkflow;
import io.temporal.client.WorkflowNotFoundException;
import java.util.List;
import java.util.Optional;

/** Reads the worker registry's entries (a query of the registry workflow); blocking. */
public final class WorkerRegistryReader {
  /** The note for a registry that does not exist yet. */
  public static final String NOT_STARTED_NOTE =
      "no gpu-worker has reported yet (the worker registry does not exist)";

  private WorkerRegistryReader() {}

  /** The registry's entries, or empty when the registry does not exist (no worker reported yet). */
  public static Optional<List<WorkerEntry>> workers(TemporalApiClient temporal) {
    try {
      return Optional.of(
          temporal
              .workflows()
              .newWorkflowStub(WorkerRegistryWorkflow.class, WorkerRegistryWorkflow.ID)
              .workers());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The registry's entries; none, with {@link #NOT_STARTED_NOTE} added to notes, when missing. */
  public static List<WorkerEntry> workers(TemporalApiClient temporal, List<String> notes) {
    Optional<List<WorkerEntry>> workers = workers(temporal);
    if (workers.isEmpty()) {
      notes.add(NOT_STARTED_NOTE);
    }
    return workers.orElse(List.of());
  }
}

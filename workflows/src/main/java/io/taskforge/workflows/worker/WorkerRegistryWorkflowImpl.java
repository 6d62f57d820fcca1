package io.taskforge.workflows.worker;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps {@link WorkerTable} current. Wakes only on a timer set to the moment the next healthy
 * worker would go stale (a report pushes that moment later, so steady reporting costs one timer per
 * staleness period, not one per report), and continues as new before history grows long.
 */
public class WorkerRegistryWorkflowImpl implements WorkerRegistryWorkflow {
  /** A gone worker stays listed (unhealthy) this long, then is forgotten. */
  static final Duration FORGET_AFTER = Duration.ofHours(1);

  /** Well under Temporal's limits; each report costs a few events. */
  static final int MAX_HISTORY_EVENTS = 4_000;

  private final WorkerTable table = new WorkerTable(List.of(), FORGET_AFTER);

  @Override
  public void run(RegistryInput input) {
    // A signal-with-start's report may already be in: it is newer than the carried state.
    table.restore(input.workers());
    while (!continueAsNewDue()) {
      Optional<Duration> next = table.untilNextExpiry(now());
      if (next.isPresent()) {
        // The small margin makes the timer fire after, not at, the expiry instant.
        Workflow.await(next.get().plusMillis(100), this::continueAsNewDue);
      } else {
        Workflow.await(() -> table.anyHealthy() || continueAsNewDue());
      }
      table.refresh(now());
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(new RegistryInput(table.entries()));
  }

  private boolean continueAsNewDue() {
    return Workflow.getInfo().isContinueAsNewSuggested()
        || Workflow.getInfo().getHistoryLength() > MAX_HISTORY_EVENTS;
  }

  @Override
  public void report(WorkerReport report) {
    table.record(report, now());
  }

  @Override
  public List<WorkerEntry> workers() {
    return table.entries();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}

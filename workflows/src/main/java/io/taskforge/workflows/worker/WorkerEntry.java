package io.taskforge.workflows.worker;

import java.time.Instant;
import java.util.Objects;

/**
 * The registry's view of one worker: its latest report, when that arrived (workflow time), and
 * whether the worker counts as healthy.
 */
public record WorkerEntry(WorkerReport report, Instant lastSeenAt, boolean healthy) {
  public WorkerEntry {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(lastSeenAt, "lastSeenAt");
  }

  public String workerId() {
    return report.workerId();
  }

  /** When the worker turns unhealthy unless it reports again. */
  public Instant expiresAt() {
    return lastSeenAt.plus(report.unhealthyAfter());
  }
}

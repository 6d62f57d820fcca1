package io.taskforge.workflows.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's bookkeeping, free of Temporal calls so it is tested directly: the latest report
 * per worker, health by report age, and forgetting workers that have been gone for long.
 */
public final class WorkerTable {
  private final TreeMap<String, WorkerEntry> entries = new TreeMap<>();
  private final Duration forgetAfter;

  public WorkerTable(List<WorkerEntry> initial, Duration forgetAfter) {
    this.forgetAfter = forgetAfter;
    initial.forEach(entry -> entries.put(entry.workerId(), entry));
  }

  /** Adds carried entries for workers not recorded yet. */
  public void restore(List<WorkerEntry> carried) {
    carried.forEach(entry -> entries.putIfAbsent(entry.workerId(), entry));
  }

  /** Records a report; a worker that says it is stopping is unhealthy at once. */
  public void record(WorkerReport report, Instant now) {
    entries.put(report.workerId(), new WorkerEntry(report, now, !report.stopping()));
  }

  /** Marks workers whose reports stopped as unhealthy; forgets long-gone ones. */
  public void refresh(Instant now) {
    entries.replaceAll(
        (id, entry) ->
            entry.healthy() && !now.isBefore(entry.expiresAt())
                ? new WorkerEntry(entry.report(), entry.lastSeenAt(), false)
                : entry);
    entries.values().removeIf(entry -> !entry.healthy() && isGone(entry, now));
  }

  private boolean isGone(WorkerEntry entry, Instant now) {
    return now.isAfter(entry.lastSeenAt().plus(forgetAfter));
  }

  /** How long until the next healthy worker would turn unhealthy; empty when none is healthy. */
  public Optional<Duration> untilNextExpiry(Instant now) {
    return entries.values().stream()
        .filter(WorkerEntry::healthy)
        .map(WorkerEntry::expiresAt)
        .min(Comparator.naturalOrder())
        .map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
  }

  public boolean anyHealthy() {
    return entries.values().stream().anyMatch(WorkerEntry::healthy);
  }

  public List<WorkerEntry> entries() {
    return new ArrayList<>(entries.values());
  }
}

package io.taskforge.app.worker;

import java.time.Instant;
import java.util.List;

/**
 * Temporal's own view of one task queue's activity side.
 *
 * @param backlogCount approximate tasks waiting; null when the server does not report it
 * @param backlogAgeSeconds age of the oldest waiting task; null when not reported
 */
public record QueueView(
    String name,
    String kind,
    List<Poller> pollers,
    Long backlogCount,
    Double backlogAgeSeconds,
    Float tasksAddRate,
    Float tasksDispatchRate) {

  /** A worker that polled the queue recently. */
  public record Poller(String identity, Instant lastAccessTime) {}
}

package io.taskforge.activities.resources;

import java.time.Instant;
import java.util.Objects;

/**
 * A resource whose alert is active.
 *
 * @param resource the resource
 * @param level its level now
 * @param value its usage at the latest sample
 * @param threshold the threshold of that level
 * @param raisedAt when the alert was raised (it may have changed level since)
 * @param since when it reached its current level
 */
public record ActiveAlert(
    SystemResource resource,
    AlertLevel level,
    double value,
    double threshold,
    Instant raisedAt,
    Instant since) {

  public ActiveAlert {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(raisedAt, "raisedAt");
    Objects.requireNonNull(since, "since");
  }
}

package io.taskforge.activities.resources;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A resource's alert changing level: raised (from none), escalated, lowered, or cleared (to none).
 *
 * @param resource the resource
 * @param from the level before, {@code null} when the alert was not active
 * @param to the level after, {@code null} when the alert is cleared
 * @param value the usage that caused the change
 * @param threshold the threshold crossed: {@code to}'s when rising, {@code from}'s when falling
 * @param at when the sample that caused it was taken
 */
public record AlertTransition(
    SystemResource resource,
    AlertLevel from,
    AlertLevel to,
    double value,
    double threshold,
    Instant at) {

  public AlertTransition {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(at, "at");
    if (from == to) {
      throw new IllegalArgumentException("a transition changes the level: " + from);
    }
  }

  /** What happened, as webhooks and the API name it. */
  public enum Kind {
    RAISED,
    ESCALATED,
    LOWERED,
    CLEARED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Kind kind() {
    if (from == null) {
      return Kind.RAISED;
    }
    if (to == null) {
      return Kind.CLEARED;
    }
    return to.compareTo(from) > 0 ? Kind.ESCALATED : Kind.LOWERED;
  }

  /** Whether the alert got worse (raised or escalated) rather than better. */
  public boolean rising() {
    return kind() == Kind.RAISED || kind() == Kind.ESCALATED;
  }
}

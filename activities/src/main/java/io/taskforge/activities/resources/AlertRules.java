package io.taskforge.activities.resources;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, sample by sample, which alerts are active: the thresholds and hysteresis of {@link
 * ResourceSettings.Alerts}, with no clock, thread or I/O of its own. Each resource has at most one
 * alert, at the highest level it has reached.
 *
 * <ul>
 *   <li>A level is reached at the first sample at or above its threshold (escalating at once, from
 *       none or from warning).
 *   <li>A level is left only after {@code clearAfter} samples in a row below its threshold less
 *       {@code margin} (less half the threshold, if that is smaller); it then falls to the highest
 *       level the value still holds (lowered) or to none (cleared). A sample back within the margin
 *       restarts the count.
 *   <li>A value that is unknown ({@code NaN}) changes nothing.
 * </ul>
 *
 * <p>Not thread-safe: one sampling thread calls it.
 */
public final class AlertRules {
  private final ResourceSettings.Alerts settings;
  private final Map<SystemResource, State> states = new EnumMap<>(SystemResource.class);

  /** An active alert and the samples in a row that have been below its level's clearing line. */
  private record State(ActiveAlert alert, int samplesBelow) {}

  public AlertRules(ResourceSettings.Alerts settings) {
    this.settings = settings;
  }

  /** Applies one sample; returns the level changes it caused, in resource order. */
  public List<AlertTransition> evaluate(ResourceSample sample) {
    List<AlertTransition> transitions = new ArrayList<>();
    for (SystemResource resource : SystemResource.values()) {
      ResourceSettings.Thresholds thresholds = settings.of(resource);
      double value = sample.usage(resource);
      if (!thresholds.enabled() || Double.isNaN(value)) {
        continue;
      }
      AlertTransition transition = evaluate(resource, thresholds, value, sample.sampledAt());
      if (transition != null) {
        transitions.add(transition);
      }
    }
    return transitions;
  }

  private AlertTransition evaluate(
      SystemResource resource, ResourceSettings.Thresholds thresholds, double value, Instant at) {
    State state = states.get(resource);
    AlertLevel current = state == null ? null : state.alert().level();
    AlertLevel reached = highestAtOrAbove(thresholds, value, 0, null);
    if (reached != null && (current == null || reached.compareTo(current) > 0)) {
      double threshold = thresholds.threshold(reached);
      Instant raisedAt = state == null ? at : state.alert().raisedAt();
      states.put(
          resource,
          new State(new ActiveAlert(resource, reached, value, threshold, raisedAt, at), 0));
      return new AlertTransition(resource, current, reached, value, threshold, at);
    }
    if (state == null) {
      return null;
    }
    ActiveAlert alert = state.alert();
    AlertLevel held = highestAtOrAbove(thresholds, value, settings.margin(), current);
    if (held == current) {
      states.put(resource, new State(withValue(alert, value), 0));
      return null;
    }
    int below = state.samplesBelow() + 1;
    if (below < settings.clearAfter()) {
      states.put(resource, new State(withValue(alert, value), below));
      return null;
    }
    if (held == null) {
      states.remove(resource);
    } else {
      states.put(
          resource,
          new State(
              new ActiveAlert(
                  resource, held, value, thresholds.threshold(held), alert.raisedAt(), at),
              0));
    }
    return new AlertTransition(resource, current, held, value, alert.threshold(), at);
  }

  /**
   * The highest level, up to {@code cap} (all when null), whose threshold less {@code margin} the
   * value reaches; null when none. The margin is at most half the threshold, so that an alert with
   * a threshold below the margin can still clear.
   */
  private static AlertLevel highestAtOrAbove(
      ResourceSettings.Thresholds thresholds, double value, double margin, AlertLevel cap) {
    AlertLevel[] levels = AlertLevel.values();
    for (int i = levels.length - 1; i >= 0; i--) {
      AlertLevel level = levels[i];
      if (cap != null && level.compareTo(cap) > 0) {
        continue;
      }
      double threshold = thresholds.threshold(level);
      if (value >= threshold - Math.min(margin, threshold / 2)) {
        return level;
      }
    }
    return null;
  }

  private static ActiveAlert withValue(ActiveAlert alert, double value) {
    return new ActiveAlert(
        alert.resource(), alert.level(), value, alert.threshold(), alert.raisedAt(), alert.since());
  }

  /** The active alerts, in resource order. */
  public List<ActiveAlert> active() {
    return states.values().stream().map(State::alert).toList();
  }
}

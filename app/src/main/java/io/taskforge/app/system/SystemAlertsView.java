package io.taskforge.app.system;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/system/alerts}: the resource alerts active now, the latest changes, and the
 * rules they follow.
 *
 * @param active one entry per resource whose alert is active, at its current level
 * @param history the latest level changes, newest first (at most {@code historySize})
 * @param thresholds per resource ({@code cpu}, {@code memory}, {@code disk}, {@code iowait})
 * @param margin how far below a threshold a value must fall to count towards clearing
 * @param clearAfter samples in a row below threshold less margin that lower or clear an alert
 */
public record SystemAlertsView(
    List<Active> active,
    List<Change> history,
    Map<String, Thresholds> thresholds,
    double margin,
    int clearAfter,
    int historySize) {

  /**
   * @param alert the resource
   * @param level {@code warning} or {@code critical}
   * @param value the usage at the latest sample
   * @param threshold the threshold of its level
   * @param raisedAt when the alert was raised
   * @param since when it reached its current level
   */
  public record Active(
      String alert,
      String level,
      double value,
      double threshold,
      Instant raisedAt,
      Instant since) {}

  /**
   * @param event {@code raised}, {@code escalated}, {@code lowered} or {@code cleared}
   * @param level the level after the change, null when cleared
   * @param previousLevel the level before, null when raised
   * @param threshold the threshold crossed
   */
  public record Change(
      String alert,
      String event,
      String level,
      String previousLevel,
      double value,
      double threshold,
      Instant at) {}

  public record Thresholds(boolean enabled, double warning, double critical) {}
}

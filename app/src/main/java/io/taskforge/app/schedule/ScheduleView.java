package io.taskforge.app.schedule;

import java.time.Instant;
import java.util.List;

/**
 * A schedule as {@code GET /api/v1/schedules/{id}} shows it. Durations are ISO-8601.
 *
 * @param nextActionTimes when it will run next (up to 10), pauses and end time considered
 * @param recentActions its last runs, oldest first
 * @param runningActions its runs that are still open
 */
public record ScheduleView(
    String id,
    String description,
    ActionView action,
    SpecView spec,
    PolicyView policy,
    StateView state,
    InfoView info,
    List<Instant> nextActionTimes,
    List<RunView> recentActions,
    List<RunView> runningActions) {

  /**
   * What each run starts.
   *
   * @param kind {@code task} or {@code taskGroup}
   * @param type the task type, or {@code task_group}
   * @param name the task's or group's name
   * @param workflowIdPrefix each run's id is this plus {@code -<scheduled time>}
   */
  public record ActionView(
      String kind,
      String type,
      String name,
      String priority,
      String workflowIdPrefix,
      String taskQueue) {}

  /**
   * When it runs. {@code cron} is Temporal's parsed form of the expressions it was given (so
   * {@code @daily} reads {@code 0 0 * * *}); {@code @every} expressions appear as intervals.
   */
  public record SpecView(
      List<String> cron,
      List<IntervalView> intervals,
      String timeZone,
      Instant startAt,
      Instant endAt,
      String jitter) {}

  public record IntervalView(String every, String offset) {}

  /** {@code catchupWindow} is Temporal's default (365 days) when none was set. */
  public record PolicyView(String overlap, String catchupWindow, boolean pauseOnFailure) {}

  public record StateView(boolean paused, String note) {}

  public record InfoView(
      long actionCount,
      long missedCatchupWindow,
      long overlapSkipped,
      Instant createdAt,
      Instant updatedAt) {}

  /**
   * One run the schedule started.
   *
   * @param workflowId the task's or group's id in this API (its Temporal workflow id carries the
   *     tenant's prefix, as every id of a tenant other than {@code default} does)
   * @param workflowStatus Temporal's last known status of the run (RUNNING, COMPLETED, ...); the
   *     link shows the task's or group's own
   * @param link the task or group in this API
   */
  public record RunView(
      String workflowId,
      String runId,
      Instant scheduledAt,
      Instant startedAt,
      String workflowStatus,
      String link) {}
}

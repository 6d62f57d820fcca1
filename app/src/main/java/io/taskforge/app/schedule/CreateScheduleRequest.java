package io.taskforge.app.schedule;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.taskforge.app.task.SubmitTaskRequest;
import io.taskforge.app.taskgroup.SubmitTaskGroupRequest;
import java.util.List;

/**
 * {@code POST /api/v1/schedules}: run a task or a task group on a cron expression or an interval.
 * Only {@code action} and {@code spec} are required; {@code id} is generated when absent.
 */
public record CreateScheduleRequest(
    String id, String description, Action action, Spec spec, Policy policy, State state) {

  /**
   * Exactly one of {@code task} (the body of {@code POST /api/v1/tasks}) or {@code taskGroup} (the
   * body of {@code POST /api/v1/task-groups}). Its {@code id}, if any, is the prefix of each run's
   * id, to which Temporal appends the scheduled time ({@code -2026-01-31T03:00:00Z}); the schedule
   * id is the prefix otherwise.
   */
  public record Action(SubmitTaskRequest task, SubmitTaskGroupRequest taskGroup) {}

  /**
   * When it runs: at every time one of the {@code cron} expressions or the {@code interval}
   * matches, between {@code startAt} and {@code endAt}, each run delayed by a random amount up to
   * {@code jitter}. {@code timeZone} (IANA, default UTC) applies to the cron expressions.
   */
  public record Spec(
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> cron,
      Interval interval,
      String timeZone,
      String startAt,
      String endAt,
      String jitter) {}

  /** Every {@code every} (at least 1s), shifted by {@code offset} (default 0) from the epoch. */
  public record Interval(String every, String offset) {}

  /**
   * What to do when a run is due while the last is still running ({@code overlap}: SKIP, the
   * default, BUFFER_ONE, BUFFER_ALL, CANCEL_OTHER, TERMINATE_OTHER or ALLOW_ALL); how late a missed
   * run may still start ({@code catchupWindow}, at least 10s, Temporal's default 365d); whether a
   * failed run pauses the schedule.
   */
  public record Policy(String overlap, String catchupWindow, Boolean pauseOnFailure) {}

  /** Create it paused, with a note saying why. */
  public record State(Boolean paused, String note) {}
}

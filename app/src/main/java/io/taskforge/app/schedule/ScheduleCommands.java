package io.taskforge.app.schedule;

/** The bodies of the schedule's command endpoints; every field is optional unless said. */
public final class ScheduleCommands {
  private ScheduleCommands() {}

  /** {@code POST .../pause} and {@code .../resume}: why, for whoever looks at it next. */
  public record Note(String note) {}

  /** {@code POST .../trigger}: start a run now; {@code overlap} overrides the schedule's policy. */
  public record Trigger(String overlap) {}

  /**
   * {@code POST .../backfill}: start the runs the schedule would have started between {@code start}
   * and {@code end} (both required, ISO-8601 instants), under {@code overlap} (default: the
   * schedule's policy).
   */
  public record Backfill(String start, String end, String overlap) {}
}

package io.taskforge.app.schedule;

import java.time.Instant;
import java.util.List;

/** A schedule in {@code GET /api/v1/schedules}: what the list of schedules can tell. */
public record ScheduleSummary(
    String id,
    String description,
    String kind,
    String type,
    ScheduleView.SpecView spec,
    ScheduleView.StateView state,
    List<Instant> nextActionTimes,
    List<ScheduleView.RunView> recentActions) {}

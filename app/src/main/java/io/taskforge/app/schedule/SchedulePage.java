package io.taskforge.app.schedule;

import java.util.List;

/** One page of schedules; {@code nextPageToken} is null on the last. */
public record SchedulePage(List<ScheduleSummary> schedules, String nextPageToken) {}

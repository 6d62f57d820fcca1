package io.taskforge.app.task;

import java.util.List;

/** One page of a task list; pass {@code nextPageToken} back as {@code pageToken} for the next. */
public record TaskPage(List<TaskSummary> tasks, String nextPageToken) {}

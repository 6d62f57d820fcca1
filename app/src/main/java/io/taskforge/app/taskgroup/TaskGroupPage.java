package io.taskforge.app.taskgroup;

import java.util.List;

/** One page of a group list; pass {@code nextPageToken} back as {@code pageToken} for the next. */
public record TaskGroupPage(List<TaskGroupSummary> groups, String nextPageToken) {}

package io.taskforge.app.taskgroup;

import java.time.Instant;

/** A task group in a list. */
public record TaskGroupSummary(
    String id, String name, String status, String priority, Instant createdAt, Instant closedAt) {}

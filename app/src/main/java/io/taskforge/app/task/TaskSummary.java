package io.taskforge.app.task;

import java.time.Instant;

/** A task in a list. */
public record TaskSummary(
    String id,
    String type,
    String name,
    String status,
    String priority,
    Instant createdAt,
    Instant closedAt) {}

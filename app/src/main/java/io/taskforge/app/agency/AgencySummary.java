package io.taskforge.app.agency;

import java.time.Instant;

/** One agency in a list. */
public record AgencySummary(
    String id, String name, String status, Instant createdAt, Instant closedAt) {}

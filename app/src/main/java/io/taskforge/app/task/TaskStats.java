package io.taskforge.app.task;

import java.util.Map;

/** {@code GET /api/v1/tasks/stats}: how many tasks there are, by status and by type. */
public record TaskStats(long total, Map<String, Long> byStatus, Map<String, Long> byType) {}

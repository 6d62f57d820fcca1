package io.taskforge.workflows.task;

import java.time.Instant;

/**
 * A running task's last reported progress, carried in its activity's heartbeat details.
 *
 * @param percent 0 to 100, or -1 when unknown
 */
public record Progress(double percent, String message, Instant at) {}

package io.taskforge.workflows.task;

import java.time.Instant;

/** A task's state as its workflow knows it, answered by the {@code state} query. */
public record TaskState(
    TaskStatus status, int attempt, Instant startedAt, TaskOutput output, TaskFailure failure) {}

package io.taskforge.workflows.task;

import java.time.Instant;

/** Sent by a worker to the task's workflow when it starts an attempt: the task is RUNNING. */
public record ActivityStarted(int attempt, Instant startedAt, String workerIdentity) {}

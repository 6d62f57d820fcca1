package io.taskforge.workflows.task;

import java.time.Instant;
import java.util.Objects;

/** The result of a completed {@link TaskWorkflow}. */
public record TaskResult(TaskStatus status, TaskOutput output, int attempts, Instant startedAt) {
  public TaskResult {
    Objects.requireNonNull(status, "status");
  }
}

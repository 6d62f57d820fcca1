package io.taskforge.workflows.task;

import java.time.Duration;
import java.util.Objects;

/**
 * A task's time limits. {@code execution} bounds the whole task, every attempt and wait included;
 * {@code attempt} bounds one attempt; {@code queue} bounds how long the task may wait for a worker
 * (the seeds' message age limit), null for no limit; {@code heartbeat} is how soon a silent worker
 * is given up on, so a killed worker's task is retried elsewhere.
 */
public record TimeoutSpec(
    Duration execution, Duration attempt, Duration queue, Duration heartbeat) {
  public TimeoutSpec {
    Objects.requireNonNull(execution, "execution");
    Objects.requireNonNull(attempt, "attempt");
    Objects.requireNonNull(heartbeat, "heartbeat");
  }
}

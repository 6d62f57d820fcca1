package io.taskforge.workflows.task;

/** Where a task is in its life. The first four are open, the rest are final. */
public enum TaskStatus {
  /** Accepted, not started: waiting for a manual execute or its start time. */
  PENDING,
  /** Waiting for dependencies to be satisfied. */
  WAITING,
  /** Queued for a worker. */
  SCHEDULED,
  /** A worker has started it. */
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED,
  /** Its dependencies can no longer be satisfied. */
  SKIPPED;

  public boolean isTerminal() {
    return switch (this) {
      case PENDING, WAITING, SCHEDULED, RUNNING -> false;
      case COMPLETED, FAILED, CANCELLED, SKIPPED -> true;
    };
  }
}

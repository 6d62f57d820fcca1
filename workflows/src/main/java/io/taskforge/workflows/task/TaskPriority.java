package io.taskforge.workflows.task;

import io.temporal.common.Priority;

/**
 * A task's priority. It maps onto Temporal's task-queue priority keys (1 is taken first), so a
 * worker takes CRITICAL work before LOW work from the same backed-up queue.
 */
public enum TaskPriority {
  LOW(4),
  NORMAL(3),
  HIGH(2),
  CRITICAL(1);

  private final int priorityKey;

  TaskPriority(int priorityKey) {
    this.priorityKey = priorityKey;
  }

  public int priorityKey() {
    return priorityKey;
  }

  public Priority toTemporal() {
    return Priority.newBuilder().setPriorityKey(priorityKey).build();
  }
}

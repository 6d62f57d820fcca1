package io.taskforge.workflows.task;

import java.util.Objects;

/**
 * Sent by a task to each registered dependent when it closes, or produced by looking the task up
 * when it was already closed.
 *
 * @param status the dependency's final status; {@link TaskStatus#SKIPPED} never satisfies anything
 *     but ANY_TERMINAL
 * @param detail why, when the status was not reported by the task itself (e.g. it was deleted)
 */
public record DependencyClosed(String taskId, TaskStatus status, String detail) {
  public DependencyClosed {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(status, "status");
    if (!status.isTerminal()) {
      throw new IllegalArgumentException("a closed task's status is terminal, not " + status);
    }
  }

  public DependencyClosed(String taskId, TaskStatus status) {
    this(taskId, status, null);
  }
}

package io.taskforge.workflows.task;

import java.util.Objects;

/** The input of {@link DependencyActivities#lookup}: the task whose final status is wanted. */
public record DependencyLookup(String taskId) {
  public DependencyLookup {
    Objects.requireNonNull(taskId, "taskId");
  }
}

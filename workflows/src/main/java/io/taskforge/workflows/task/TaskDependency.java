package io.taskforge.workflows.task;

import io.taskforge.workflows.taskgroup.DependencyCondition;
import java.util.Objects;

/**
 * A standalone task waits for the task {@code taskId} to end as {@code requiredStatus} requires.
 *
 * @param requiredStatus null means {@link DependencyCondition#COMPLETED}
 */
public record TaskDependency(String taskId, DependencyCondition requiredStatus) {
  public TaskDependency {
    Objects.requireNonNull(taskId, "taskId");
    requiredStatus = requiredStatus == null ? DependencyCondition.COMPLETED : requiredStatus;
  }

  public static TaskDependency on(String taskId) {
    return new TaskDependency(taskId, DependencyCondition.COMPLETED);
  }
}

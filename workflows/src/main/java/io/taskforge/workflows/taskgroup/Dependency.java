package io.taskforge.workflows.taskgroup;

import java.util.Objects;

/**
 * One edge of a task group: the dependent waits for {@code task} to end as {@code condition}
 * requires.
 *
 * @param condition null means {@link DependencyCondition#COMPLETED}
 */
public record Dependency(String task, DependencyCondition condition) {

  public Dependency {
    Objects.requireNonNull(task, "task");
    condition = condition == null ? DependencyCondition.COMPLETED : condition;
  }

  /** A dependency on {@code task} completing successfully. */
  public static Dependency on(String task) {
    return new Dependency(task, DependencyCondition.COMPLETED);
  }
}

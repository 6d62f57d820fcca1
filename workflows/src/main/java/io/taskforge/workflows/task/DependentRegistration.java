package io.taskforge.workflows.task;

import java.util.Objects;

/** Sent by a dependent task to a task it waits for: tell {@code dependentId} when you close. */
public record DependentRegistration(String dependentId) {
  public DependentRegistration {
    Objects.requireNonNull(dependentId, "dependentId");
  }
}

package io.taskforge.workflows.taskgroup;

import java.util.Objects;

/**
 * One thing wrong with a task group's dependencies.
 *
 * @param field where, such as {@code tasks.report.dependsOn[0]}
 */
public record GraphProblem(String field, String message) {

  public GraphProblem {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}

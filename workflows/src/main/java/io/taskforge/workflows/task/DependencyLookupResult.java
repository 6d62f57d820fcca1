package io.taskforge.workflows.task;

/**
 * What a lookup found.
 *
 * @param closed the task's final state, or null while it is still open
 */
public record DependencyLookupResult(String taskId, DependencyClosed closed) {
  public static DependencyLookupResult open(String taskId) {
    return new DependencyLookupResult(taskId, null);
  }
}

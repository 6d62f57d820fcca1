package io.taskforge.workflows.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a waiting task knows about its dependencies: which have closed, with what status, and so
 * whether it may run, must keep waiting, or can never run. Plain logic, no {@code Workflow} calls.
 */
public final class DependencyTracker {
  /** Where the dependent stands. */
  public enum Outcome {
    WAITING,
    SATISFIED,
    UNSATISFIABLE
  }

  private final List<TaskDependency> dependencies;
  private final Map<String, DependencyClosed> closed = new LinkedHashMap<>();

  public DependencyTracker(List<TaskDependency> dependencies) {
    this.dependencies = List.copyOf(dependencies);
  }

  /** Records a dependency's end; the first report wins, later ones (a duplicate) are ignored. */
  public boolean record(DependencyClosed report) {
    boolean known = dependencies.stream().anyMatch(d -> d.taskId().equals(report.taskId()));
    return known && closed.putIfAbsent(report.taskId(), report) == null;
  }

  public boolean isClosed(String taskId) {
    return closed.containsKey(taskId);
  }

  public List<String> unresolved() {
    return dependencies.stream().map(TaskDependency::taskId).filter(id -> !isClosed(id)).toList();
  }

  public Outcome outcome() {
    if (unsatisfiable().isPresent()) {
      return Outcome.UNSATISFIABLE;
    }
    return unresolved().isEmpty() ? Outcome.SATISFIED : Outcome.WAITING;
  }

  /** Why the dependent can never run: the first dependency that ended the wrong way. */
  public Optional<String> unsatisfiable() {
    for (TaskDependency dependency : dependencies) {
      DependencyClosed report = closed.get(dependency.taskId());
      if (report != null && !dependency.requiredStatus().satisfiedBy(report.status())) {
        String detail = report.detail() == null ? "" : " (" + report.detail() + ")";
        return Optional.of(
            "dependency "
                + dependency.taskId()
                + " ended "
                + report.status()
                + detail
                + " but "
                + dependency.requiredStatus()
                + " was required");
      }
    }
    return Optional.empty();
  }

  /** Each dependency's final status as far as known (null while it is open), in input order. */
  public Map<String, TaskStatus> statuses() {
    Map<String, TaskStatus> statuses = new LinkedHashMap<>();
    for (TaskDependency dependency : dependencies) {
      DependencyClosed report = closed.get(dependency.taskId());
      statuses.put(dependency.taskId(), report == null ? null : report.status());
    }
    return statuses;
  }
}

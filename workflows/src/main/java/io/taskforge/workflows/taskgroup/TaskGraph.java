package io.taskforge.workflows.taskgroup;

import io.taskforge.workflows.task.TaskStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated dependency graph of a task group. Immutable, and deterministic: every list it
 * returns follows the order in which tasks were declared, so workflow code may use it freely.
 */
public final class TaskGraph {

  private final List<String> names;
  private final Map<String, Integer> indexByName;
  private final Map<String, List<Dependency>> dependencies;
  private final Map<String, List<String>> dependents;

  private TaskGraph(Map<String, List<Dependency>> dependencies) {
    this.names = List.copyOf(dependencies.keySet());
    Map<String, Integer> indexes = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      indexes.put(names.get(i), i);
    }
    this.indexByName = indexes;
    this.dependencies = Collections.unmodifiableMap(dependencies);
    Map<String, List<String>> reverse = new LinkedHashMap<>();
    for (String name : names) {
      reverse.put(name, new ArrayList<>());
    }
    for (String name : names) {
      for (Dependency dependency : dependencies.get(name)) {
        reverse.get(dependency.task()).add(name);
      }
    }
    reverse.replaceAll((name, list) -> List.copyOf(list));
    this.dependents = Collections.unmodifiableMap(reverse);
  }

  /**
   * Builds and validates a graph.
   *
   * @param dependenciesByTask every task of the group, in declaration order, with what it depends
   *     on (a null list means none)
   * @throws GraphValidationException listing unknown, self and duplicate dependencies and one
   *     cycle, if any
   */
  public static TaskGraph of(Map<String, List<Dependency>> dependenciesByTask) {
    Objects.requireNonNull(dependenciesByTask, "dependenciesByTask");
    Map<String, List<Dependency>> copy = new LinkedHashMap<>();
    dependenciesByTask.forEach(
        (name, deps) -> {
          Objects.requireNonNull(name, "task name");
          copy.put(name, deps == null ? List.of() : List.copyOf(deps));
        });

    List<GraphProblem> problems = new ArrayList<>();
    for (Map.Entry<String, List<Dependency>> entry : copy.entrySet()) {
      String name = entry.getKey();
      Set<String> seen = new HashSet<>();
      List<Dependency> deps = entry.getValue();
      for (int i = 0; i < deps.size(); i++) {
        String target = deps.get(i).task();
        String field = "tasks." + name + ".dependsOn[" + i + "]";
        if (target.equals(name)) {
          problems.add(new GraphProblem(field, "task '" + name + "' depends on itself"));
        } else if (!copy.containsKey(target)) {
          problems.add(new GraphProblem(field, "unknown task '" + target + "'"));
        } else if (!seen.add(target)) {
          problems.add(new GraphProblem(field, "duplicate dependency on '" + target + "'"));
        }
      }
    }
    List<String> cycle = findCycle(copy);
    if (!cycle.isEmpty()) {
      problems.add(
          new GraphProblem(
              "tasks." + cycle.get(0) + ".dependsOn", "cycle: " + String.join(" -> ", cycle)));
    }
    if (!problems.isEmpty()) {
      throw new GraphValidationException(problems, cycle);
    }
    return new TaskGraph(copy);
  }

  /**
   * The names that occur more than once, each named once, in the order of their first occurrence;
   * for callers that parse tasks from a list, where a map would have hidden the duplicates.
   */
  public static List<String> duplicateNames(List<String> names) {
    Set<String> seen = new HashSet<>();
    Set<String> duplicates = new LinkedHashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        duplicates.add(name);
      }
    }
    List<String> ordered = new ArrayList<>();
    for (String name : names) {
      if (duplicates.remove(name)) {
        ordered.add(name);
      }
    }
    return List.copyOf(ordered);
  }

  /** Every task, in declaration order. */
  public List<String> names() {
    return names;
  }

  /** What {@code task} depends on, as declared. */
  public List<Dependency> dependencies(String task) {
    return dependencies.get(known(task));
  }

  /** The tasks that depend on {@code task}, in declaration order. */
  public List<String> dependents(String task) {
    return dependents.get(known(task));
  }

  /**
   * Every task after all it depends on; among tasks whose dependencies are all placed, the one
   * declared first comes first, so an already ordered declaration is returned unchanged.
   */
  public List<String> topologicalOrder() {
    int[] waitingOn = new int[names.size()];
    TreeSet<Integer> readyIndexes = new TreeSet<>();
    for (int i = 0; i < names.size(); i++) {
      waitingOn[i] = dependencies.get(names.get(i)).size();
      if (waitingOn[i] == 0) {
        readyIndexes.add(i);
      }
    }
    List<String> order = new ArrayList<>(names.size());
    while (!readyIndexes.isEmpty()) {
      String next = names.get(readyIndexes.pollFirst());
      order.add(next);
      for (String dependent : dependents.get(next)) {
        int index = indexByName.get(dependent);
        if (--waitingOn[index] == 0) {
          readyIndexes.add(index);
        }
      }
    }
    return List.copyOf(order);
  }

  /**
   * The tasks that may start now: not started, and every dependency's current status satisfies its
   * condition. A dependency missing from {@code statuses} is not satisfied.
   *
   * @param statuses the current status of each task that has one
   * @param started tasks already started; a task with a terminal status counts as started too
   * @return in declaration order
   */
  public List<String> ready(Map<String, TaskStatus> statuses, Set<String> started) {
    Objects.requireNonNull(statuses, "statuses");
    Objects.requireNonNull(started, "started");
    List<String> ready = new ArrayList<>();
    for (String name : names) {
      if (hasStarted(name, statuses, started)) {
        continue;
      }
      boolean allSatisfied = true;
      for (Dependency dependency : dependencies.get(name)) {
        TaskStatus status = statuses.get(dependency.task());
        if (status == null || !dependency.condition().satisfiedBy(status)) {
          allSatisfied = false;
          break;
        }
      }
      if (allSatisfied) {
        ready.add(name);
      }
    }
    return List.copyOf(ready);
  }

  /**
   * The tasks that can never start: not started, with a dependency that has ended in a way its
   * condition does not accept. Marking them SKIPPED and calling again skips their dependents in
   * turn (a SKIPPED task satisfies only {@link DependencyCondition#ANY_TERMINAL}).
   *
   * @param statuses the current status of each task that has one
   * @param started tasks already started; a task with a terminal status counts as started too
   * @return task → why, naming its first unsatisfiable dependency, in declaration order
   */
  public Map<String, String> skippable(Map<String, TaskStatus> statuses, Set<String> started) {
    Objects.requireNonNull(statuses, "statuses");
    Objects.requireNonNull(started, "started");
    Map<String, String> skippable = new LinkedHashMap<>();
    for (String name : names) {
      if (hasStarted(name, statuses, started)) {
        continue;
      }
      for (Dependency dependency : dependencies.get(name)) {
        TaskStatus status = statuses.get(dependency.task());
        if (status != null && dependency.condition().canNeverBeSatisfiedBy(status)) {
          skippable.put(
              name,
              "dependency '"
                  + dependency.task()
                  + "' ended "
                  + status
                  + ", needed "
                  + dependency.condition());
          break;
        }
      }
    }
    return Collections.unmodifiableMap(skippable);
  }

  private static boolean hasStarted(
      String name, Map<String, TaskStatus> statuses, Set<String> started) {
    TaskStatus own = statuses.get(name);
    return started.contains(name) || (own != null && own.isTerminal());
  }

  private String known(String task) {
    if (!indexByName.containsKey(task)) {
      throw new IllegalArgumentException("unknown task '" + task + "'");
    }
    return task;
  }

  /**
   * One cycle, found by a depth-first search in declaration order and rotated to start at its
   * earliest declared task, so the same graph always reports the same path. Self and unknown
   * dependencies are reported on their own and ignored here.
   */
  private static List<String> findCycle(Map<String, List<Dependency>> graph) {
    List<String> names = new ArrayList<>(graph.keySet());
    Map<String, Integer> indexes = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      indexes.put(names.get(i), i);
    }
    int[] state = new int[names.size()]; // 0 unvisited, 1 on the current path, 2 done
    int[] nextEdge = new int[names.size()];
    List<Integer> path = new ArrayList<>();
    for (int root = 0; root < names.size(); root++) {
      if (state[root] != 0) {
        continue;
      }
      path.add(root);
      state[root] = 1;
      while (!path.isEmpty()) {
        int node = path.get(path.size() - 1);
        List<Dependency> deps = graph.get(names.get(node));
        if (nextEdge[node] == deps.size()) {
          state[node] = 2;
          path.remove(path.size() - 1);
          continue;
        }
        Integer target = indexes.get(deps.get(nextEdge[node]++).task());
        if (target == null || target == node) {
          continue;
        }
        if (state[target] == 1) {
          return closedCycle(names, path.subList(path.indexOf(target), path.size()));
        }
        if (state[target] == 0) {
          state[target] = 1;
          path.add(target);
        }
      }
    }
    return List.of();
  }

  private static List<String> closedCycle(List<String> names, List<Integer> cycle) {
    int start = cycle.indexOf(Collections.min(cycle));
    List<String> path = new ArrayList<>();
    for (int i = 0; i <= cycle.size(); i++) {
      path.add(names.get(cycle.get((start + i) % cycle.size())));
    }
    return path;
  }
}

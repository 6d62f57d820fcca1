package io.taskforge.app.taskgroup;

import io.taskforge.app.web.FieldProblem;
import io.taskforge.workflows.taskgroup.Dependency;
import io.taskforge.workflows.taskgroup.DependencyCondition;
import io.taskforge.workflows.taskgroup.GraphProblem;
import io.taskforge.workflows.taskgroup.GraphValidationException;
import io.taskforge.workflows.taskgroup.TaskGraph;
import io.taskforge.workflows.taskgroup.Templates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of a submitted group that concern how its tasks relate: names (required, well-formed,
 * unique), dependencies (parsed, then the graph: unknown, self and duplicate dependencies and
 * cycles with their path) and templates that read other tasks' outputs. Each problem is named by
 * its JSON path.
 */
public final class GroupGraphChecks {
  private static final Pattern GRAPH_FIELD = Pattern.compile("tasks\\.([^.]+)\\.dependsOn(.*)");

  private GroupGraphChecks() {}

  /** Each valid name with the index of its first occurrence; reports missing, bad, duplicate. */
  static Map<String, Integer> checkNames(List<GroupTaskRequest> tasks, List<FieldProblem> errors) {
    Map<String, Integer> indexByName = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      String name = tasks.get(i) == null ? null : tasks.get(i).name();
      String field = "tasks[" + i + "].name";
      if (tasks.get(i) == null) {
        continue;
      }
      if (name == null || name.isBlank()) {
        errors.add(new FieldProblem(field, "is required"));
      } else if (name.length() > TaskGroupRequestMapper.MAX_TASK_NAME) {
        errors.add(
            new FieldProblem(
                field, "must be at most " + TaskGroupRequestMapper.MAX_TASK_NAME + " characters"));
      } else if (!TaskGroupRequestMapper.TASK_NAME.matcher(name).matches()) {
        errors.add(
            new FieldProblem(
                field, "may contain only letters, digits, _ and - (no '.', '[' or ']')"));
      } else if (indexByName.containsKey(name)) {
        errors.add(
            new FieldProblem(
                field,
                "duplicate task name '"
                    + name
                    + "' (also tasks["
                    + indexByName.get(name)
                    + "].name)"));
      } else {
        indexByName.put(name, i);
      }
    }
    return indexByName;
  }

  public static List<Dependency> dependencies(
      List<Object> dependsOn, String field, List<FieldProblem> errors) {
    List<Dependency> dependencies = new ArrayList<>();
    if (dependsOn == null) {
      return dependencies;
    }
    for (int d = 0; d < dependsOn.size(); d++) {
      String where = field + ".dependsOn[" + d + "]";
      Object element = dependsOn.get(d);
      if (element instanceof String name && !name.isBlank()) {
        dependencies.add(Dependency.on(name));
      } else if (element instanceof Map<?, ?> object) {
        Object task = object.get("task");
        Object status = object.get("status");
        Set<Object> unknown = new LinkedHashSet<>(object.keySet());
        unknown.removeAll(Set.of("task", "status"));
        if (!unknown.isEmpty()) {
          errors.add(new FieldProblem(where, "unknown keys " + unknown + "; use task and status"));
        }
        DependencyCondition condition = condition(status, where + ".status", errors);
        if (!(task instanceof String name) || name.isBlank()) {
          errors.add(new FieldProblem(where + ".task", "is required: a task name"));
        } else if (condition != null || status == null) {
          dependencies.add(new Dependency(name, condition));
        }
      } else {
        errors.add(
            new FieldProblem(
                where,
                "must be a task name or an object {\"task\": name, \"status\":"
                    + " COMPLETED|FAILED|CANCELLED|ANY_TERMINAL}"));
      }
    }
    return dependencies;
  }

  static DependencyCondition condition(Object status, String field, List<FieldProblem> errors) {
    if (status == null) {
      return null;
    }
    try {
      if (status instanceof String text) {
        return DependencyCondition.valueOf(text.trim().toUpperCase(Locale.ROOT));
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    errors.add(
        new FieldProblem(field, "must be one of COMPLETED, FAILED, CANCELLED, ANY_TERMINAL"));
    return null;
  }

  /** Whether {@code task} is the one its (valid) name stands for: the first with that name. */
  static boolean isFirst(GroupTaskRequest task, int index, Map<String, Integer> byName) {
    return task.name() != null && Integer.valueOf(index).equals(byName.get(task.name()));
  }

  /** The graph, or empty when it is invalid (each problem then reported under its task's index). */
  static Optional<TaskGraph> graph(
      Map<String, List<Dependency>> dependencies,
      Map<String, Integer> indexByName,
      List<FieldProblem> errors) {
    try {
      return Optional.of(TaskGraph.of(dependencies));
    } catch (GraphValidationException e) {
      for (GraphProblem problem : e.problems()) {
        Matcher field = GRAPH_FIELD.matcher(problem.field());
        String where =
            field.matches() && indexByName.containsKey(field.group(1))
                ? "tasks[" + indexByName.get(field.group(1)) + "].dependsOn" + field.group(2)
                : problem.field();
        errors.add(new FieldProblem(where, problem.message()));
      }
      return Optional.empty();
    }
  }

  /**
   * A task may read {@code tasks.<name>.output} only of a task it (transitively) depends on;
   * otherwise it could run before that output exists.
   */
  static void checkReferences(
      List<GroupTaskRequest> tasks,
      Map<String, Integer> indexByName,
      Optional<TaskGraph> graph,
      List<FieldProblem> errors) {
    Map<String, Set<String>> ancestors = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      GroupTaskRequest task = tasks.get(i);
      if (task == null) {
        continue;
      }
      String field = "tasks[" + i + "]";
      Map<String, Object> sources = new LinkedHashMap<>();
      if (task.params() != null) {
        task.params().forEach((key, value) -> sources.put(field + ".params." + key, value));
      }
      if (task.expand() != null) {
        sources.put(field + ".expand.items", task.expand().items());
        sources.put(field + ".expand.axes", task.expand().axes());
        sources.put(field + ".expand.params", task.expand().params());
      }
      boolean known = isFirst(task, i, indexByName);
      Set<String> upstream =
          known && graph.isPresent() ? ancestors(graph.get(), task.name(), ancestors) : null;
      sources.forEach(
          (where, value) -> {
            for (String referenced : Templates.referencedTasks(value)) {
              if (referenced.equals(task.name())) {
                errors.add(new FieldProblem(where, "a task cannot read its own output"));
              } else if (!indexByName.containsKey(referenced)) {
                errors.add(
                    new FieldProblem(
                        where, "template refers to unknown task '" + referenced + "'"));
              } else if (upstream != null && !upstream.contains(referenced)) {
                errors.add(
                    new FieldProblem(
                        where,
                        "template reads the output of '"
                            + referenced
                            + "', which this task does not depend on; add it to dependsOn"));
              }
            }
          });
    }
  }

  static Set<String> ancestors(TaskGraph graph, String task, Map<String, Set<String>> memo) {
    Set<String> known = memo.get(task);
    if (known != null) {
      return known;
    }
    Set<String> all = new LinkedHashSet<>();
    for (Dependency dependency : graph.dependencies(task)) {
      all.add(dependency.task());
      all.addAll(ancestors(graph, dependency.task(), memo));
    }
    memo.put(task, all);
    return all;
  }
}

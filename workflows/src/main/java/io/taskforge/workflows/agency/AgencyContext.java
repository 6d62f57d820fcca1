package io.taskforge.workflows.agency;

import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.taskgroup.GroupTaskState;
import io.taskforge.workflows.taskgroup.JsonValues;
import io.taskforge.workflows.taskgroup.TaskGroupState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The merge rule of an agency context; pure, so the workflow calls it directly. See the package
 * documentation for the rule itself.
 */
public final class AgencyContext {
  /** The top-level key under which each completed group's outputs sit, by group name. */
  public static final String GROUPS_KEY = "groups";

  /** The writer of the keys an agency was submitted with. */
  public static final String INITIAL = "context";

  /** The writer of keys added through the API. */
  public static final String API = "api";

  private AgencyContext() {}

  public static String groupSource(String group) {
    return "group:" + group;
  }

  /**
   * Plans merging {@code values} into {@code context}: new keys are added, equal values (as JSON
   * sees them: {@code 1} equals {@code 1.0}) are left alone, and a different value for an existing
   * key is a conflict, which leaves the first value in place.
   *
   * @param sources who wrote each key of {@code context}
   */
  public static ContextMerge plan(
      Map<String, Object> context,
      Map<String, String> sources,
      String source,
      Map<String, Object> values,
      String group,
      Instant at) {
    List<String> added = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<ContextConflict> conflicts = new ArrayList<>();
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      String key = entry.getKey();
      if (!context.containsKey(key)) {
        added.add(key);
      } else if (JsonValues.jsonEquals(context.get(key), entry.getValue())) {
        unchanged.add(key);
      } else {
        conflicts.add(
            new ContextConflict(
                key,
                context.get(key),
                sources.getOrDefault(key, INITIAL),
                entry.getValue(),
                source,
                at));
      }
    }
    return new ContextMerge(source, values, added, unchanged, conflicts, group);
  }

  /**
   * Applies a planned merge: the added keys, and for a group its outputs under {@code
   * groups.<name>}. Records the merge's conflicts in {@code conflictLog}.
   */
  public static void apply(
      ContextMerge merge,
      Map<String, Object> context,
      Map<String, String> sources,
      List<ContextConflict> conflictLog) {
    for (String key : merge.added()) {
      context.put(key, merge.values().get(key));
      sources.put(key, merge.source());
    }
    if (merge.group() != null) {
      Map<String, Object> namespace = new LinkedHashMap<>();
      if (context.get(GROUPS_KEY) instanceof Map<?, ?> existing) {
        existing.forEach((name, outputs) -> namespace.put(String.valueOf(name), outputs));
      }
      namespace.put(merge.group(), merge.values());
      context.put(GROUPS_KEY, namespace);
      sources.put(GROUPS_KEY, INITIAL);
    }
    conflictLog.addAll(merge.conflicts());
  }

  /**
   * What a group published: the output of each of its completed tasks under the task's name, and
   * any key its context gained besides (the {@code <task>[<i>]} keys of separate expansions). The
   * context it was started with is not published again.
   */
  public static Map<String, Object> published(
      TaskGroupState state, Map<String, Object> startContext) {
    Map<String, Object> published = new LinkedHashMap<>();
    if (state == null) {
      return published;
    }
    if (state.tasks() != null) {
      for (GroupTaskState task : state.tasks()) {
        if (task.status() == TaskStatus.COMPLETED && task.output() != null) {
          published.put(task.name(), task.output());
        }
      }
    }
    if (state.context() != null) {
      state
          .context()
          .forEach(
              (key, value) -> {
                if (!startContext.containsKey(key) && !published.containsKey(key)) {
                  published.put(key, value);
                }
              });
    }
    return published;
  }

  /** The keys of {@code wanted} that {@code context} does not hold yet, in their order. */
  public static List<String> missing(List<String> wanted, Map<String, Object> context) {
    return wanted.stream().filter(key -> !context.containsKey(key)).toList();
  }
}

package io.taskforge.workflows.taskgroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/** What an expanded task publishes, from its items' outputs. */
public final class ExpansionOutputs {

  private static final Pattern SEPARATE_KEY = Pattern.compile("(.+)\\[\\d+]");

  private ExpansionOutputs() {}

  /**
   * The MERGE output.
   *
   * @param outputs each item's output in item order, null for an item that failed
   * @param mergeMaps false: the successful outputs as a list, in item order; true: every successful
   *     output must be a map, and they are merged into one map in item order
   * @throws IllegalArgumentException with mergeMaps, when an output is not a map, or when items
   *     give different values for the same key (every such key is named with its items); items that
   *     give equal values agree and are not a conflict
   */
  public static Object merged(List<Object> outputs, boolean mergeMaps) {
    Objects.requireNonNull(outputs, "outputs");
    if (!mergeMaps) {
      List<Object> successes = new ArrayList<>();
      for (Object output : outputs) {
        if (output != null) {
          successes.add(output);
        }
      }
      return Collections.unmodifiableList(successes);
    }
    Map<Object, Object> merged = new LinkedHashMap<>();
    Map<Object, List<Integer>> itemsByKey = new LinkedHashMap<>();
    Set<Object> conflicting = new LinkedHashSet<>();
    for (int i = 0; i < outputs.size(); i++) {
      Object output = outputs.get(i);
      if (output == null) {
        continue;
      }
      if (!(output instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException(
            "mergeMaps: item " + i + " output is " + JsonValues.kind(output) + ", not an object");
      }
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        Object key = entry.getKey();
        if (merged.containsKey(key) && !JsonValues.jsonEquals(merged.get(key), entry.getValue())) {
          conflicting.add(key);
        }
        merged.putIfAbsent(key, entry.getValue());
        itemsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
    }
    if (!conflicting.isEmpty()) {
      StringJoiner keys = new StringJoiner(", ");
      conflicting.forEach(
          key -> keys.add("'" + key + "' (items " + join(itemsByKey.get(key)) + ")"));
      throw new IllegalArgumentException("mergeMaps: items disagree on keys " + keys);
    }
    return Collections.unmodifiableMap(merged);
  }

  /**
   * The SEPARATE output: each successful item's output under {@link #separateKey}, in item order.
   *
   * @param outputs each item's output in item order, null for an item that failed
   */
  public static Map<String, Object> separate(String taskName, List<Object> outputs) {
    Objects.requireNonNull(taskName, "taskName");
    Map<String, Object> separate = new LinkedHashMap<>();
    for (int i = 0; i < outputs.size(); i++) {
      if (outputs.get(i) != null) {
        separate.put(separateKey(taskName, i), outputs.get(i));
      }
    }
    return Collections.unmodifiableMap(separate);
  }

  /**
   * The key under which SEPARATE publishes item {@code index} of {@code taskName}, such as {@code
   * process[3]}; templates read it as {@code {{tasks.process[3].output}}}.
   */
  public static String separateKey(String taskName, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative: " + index);
    }
    return taskName + "[" + index + "]";
  }

  /** The task a published key belongs to: {@code process} for {@code process[3]}. */
  static String taskOfKey(String key) {
    var matcher = SEPARATE_KEY.matcher(key);
    return matcher.matches() ? matcher.group(1) : key;
  }

  private static String join(List<Integer> indexes) {
    StringJoiner joined = new StringJoiner(", ");
    indexes.forEach(i -> joined.add(Integer.toString(i)));
    return joined.toString();
  }
}

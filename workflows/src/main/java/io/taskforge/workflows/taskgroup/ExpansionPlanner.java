package io.taskforge.workflows.taskgroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Turns an {@link ExpansionSpec} into the items its executions receive. */
public final class ExpansionPlanner {

  private ExpansionPlanner() {}

  /**
   * The items of an ARRAY or MATRIX expansion, in execution order, templates resolved against
   * {@code scope}. An ARRAY whose list resolves empty has no items; a MATRIX item is a map of axis
   * name to value, the first axis varying slowest.
   *
   * @throws TemplateException when a template refers to something missing
   * @throws IllegalArgumentException when items or an axis is not a list, an axis is empty, the
   *     matrix has more than {@link Integer#MAX_VALUE} combinations, or the type is CUSTOM (its
   *     handler plans the items)
   */
  public static List<Object> items(ExpansionSpec spec, TemplateScope scope) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(scope, "scope");
    return switch (spec.type()) {
      case ARRAY -> resolveList("items", spec.items(), scope);
      case MATRIX -> matrixItems(spec.axes(), scope);
      case CUSTOM ->
          throw new IllegalArgumentException(
              "custom expansion '" + spec.customType() + "' gets its items from its handler");
    };
  }

  /**
   * How many combinations a matrix over {@code axes} has: the product of their sizes, 0 when there
   * is no axis or an axis is empty, and {@link Long#MAX_VALUE} when the product overflows.
   */
  public static long matrixSize(Map<String, ? extends List<?>> axes) {
    if (axes.isEmpty() || axes.values().stream().anyMatch(List::isEmpty)) {
      return 0;
    }
    long size = 1;
    for (List<?> axis : axes.values()) {
      if (size > Long.MAX_VALUE / axis.size()) {
        return Long.MAX_VALUE;
      }
      size *= axis.size();
    }
    return size;
  }

  /**
   * Everything wrong with {@code spec} that can be seen before it runs, each message starting with
   * the field it concerns, such as {@code axes.region: must not be empty}.
   */
  public static List<String> validate(ExpansionSpec spec) {
    Objects.requireNonNull(spec, "spec");
    List<String> problems = new ArrayList<>();
    switch (spec.type()) {
      case ARRAY -> {
        if (spec.items() == null) {
          problems.add("items: is required for an ARRAY expansion");
        } else {
          checkListSource("items", spec.items(), problems);
        }
      }
      case MATRIX -> {
        if (spec.axes().isEmpty()) {
          problems.add("axes: a MATRIX expansion needs at least one axis");
        }
        Map<String, List<?>> literalAxes = new LinkedHashMap<>();
        spec.axes()
            .forEach(
                (name, axis) -> {
                  if (name.isBlank()) {
                    problems.add("axes: an axis name must not be blank");
                  }
                  if (axis == null) {
                    problems.add("axes." + name + ": is required");
                  } else {
                    checkListSource("axes." + name, axis, problems);
                  }
                  if (axis instanceof List<?> list) {
                    literalAxes.put(name, list);
                  }
                });
        if (literalAxes.size() == spec.axes().size()
            && matrixSize(literalAxes) > Integer.MAX_VALUE) {
          problems.add("axes: more than " + Integer.MAX_VALUE + " combinations");
        }
      }
      case CUSTOM -> {
        if (spec.customType() == null || spec.customType().isBlank()) {
          problems.add("customType: is required for a CUSTOM expansion");
        }
        problems.addAll(
            prefixed("customParams", Templates.syntaxErrors(spec.customParams(), false)));
      }
    }
    if (spec.type() != ExpansionType.ARRAY && spec.items() != null) {
      problems.add("items: only an ARRAY expansion has items");
    }
    if (spec.type() != ExpansionType.MATRIX && !spec.axes().isEmpty()) {
      problems.add("axes: only a MATRIX expansion has axes");
    }
    if (spec.type() != ExpansionType.CUSTOM
        && (spec.customType() != null || !spec.customParams().isEmpty())) {
      problems.add("customType: only a CUSTOM expansion has a custom type and params");
    }
    if (spec.parallelism() != null && spec.parallelism() < 1) {
      problems.add("parallelism: must be at least 1");
    }
    if (spec.mergeMaps() && spec.output() != OutputFormat.MERGE) {
      problems.add("mergeMaps: applies only to output MERGE");
    }
    if (spec.output() == OutputFormat.SINGLE
        && spec.onItemFailure() == ItemFailurePolicy.COMPLETE_WITH_SUCCESSES) {
      problems.add("onItemFailure: output SINGLE runs one execution, so no item can fail alone");
    }
    return List.copyOf(problems);
  }

  /** A literal list must be non-empty; a string must be exactly one template. */
  private static void checkListSource(String field, Object source, List<String> problems) {
    if (source instanceof List<?> list) {
      if (list.isEmpty()) {
        problems.add(field + ": must not be empty");
      }
      problems.addAll(prefixed(field, Templates.syntaxErrors(list, false)));
    } else if (source instanceof String text) {
      List<String> errors = Templates.syntaxErrors(text, false);
      if (!errors.isEmpty()) {
        problems.addAll(prefixed(field, errors));
      } else if (!Templates.isSingleTemplate(text)) {
        problems.add(
            field + ": must be a list or exactly one template such as '{{tasks.split.output}}'");
      }
    } else {
      problems.add(field + ": must be a list or a template, not " + JsonValues.kind(source));
    }
  }

  private static List<String> prefixed(String field, List<String> errors) {
    return errors.stream().map(error -> field + ": " + error).toList();
  }

  private static List<Object> resolveList(String field, Object source, TemplateScope scope) {
    if (!(source instanceof List) && !Templates.isSingleTemplate(source)) {
      throw new IllegalArgumentException(
          field + ": must be a list or exactly one template, not " + JsonValues.kind(source));
    }
    Object resolved = Templates.render(source, scope);
    if (!(resolved instanceof List<?> list)) {
      throw new IllegalArgumentException(
          field + ": '" + source + "' resolved to " + JsonValues.kind(resolved) + ", not a list");
    }
    return Collections.unmodifiableList(new ArrayList<>(list));
  }

  private static List<Object> matrixItems(Map<String, Object> axes, TemplateScope scope) {
    if (axes.isEmpty()) {
      throw new IllegalArgumentException("axes: a MATRIX expansion needs at least one axis");
    }
    Map<String, List<Object>> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, Object> axis : axes.entrySet()) {
      String field = "axes." + axis.getKey();
      List<Object> values = resolveList(field, axis.getValue(), scope);
      if (values.isEmpty()) {
        throw new IllegalArgumentException(field + ": must not be empty");
      }
      resolved.put(axis.getKey(), values);
    }
    long size = matrixSize(resolved);
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("axes: more than " + Integer.MAX_VALUE + " combinations");
    }
    List<String> names = List.copyOf(resolved.keySet());
    List<Object> combinations = new ArrayList<>((int) size);
    int[] positions = new int[names.size()];
    for (long n = 0; n < size; n++) {
      Map<String, Object> combination = new LinkedHashMap<>();
      for (int a = 0; a < names.size(); a++) {
        combination.put(names.get(a), resolved.get(names.get(a)).get(positions[a]));
      }
      combinations.add(Collections.unmodifiableMap(combination));
      // Advance like an odometer: the last axis turns fastest.
      for (int a = names.size() - 1; a >= 0; a--) {
        if (++positions[a] < resolved.get(names.get(a)).size()) {
          break;
        }
        positions[a] = 0;
      }
    }
    return Collections.unmodifiableList(combinations);
  }
}

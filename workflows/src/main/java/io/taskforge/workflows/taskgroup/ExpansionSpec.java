package io.taskforge.workflows.taskgroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a task of a group expands. Only the type is checked here; {@link ExpansionPlanner#validate}
 * reports everything else, so all problems reach the caller at once.
 *
 * @param items ARRAY only: a literal list or a string that is exactly one template resolving to a
 *     list, such as {@code {{tasks.split.output.chunks}}}
 * @param axes MATRIX only: axis name → literal list or single template resolving to a list, in
 *     declaration order; null means none
 * @param customType CUSTOM only: the handler that produces the items
 * @param customParams CUSTOM only: the handler's params; null means none
 * @param output null means {@link OutputFormat#MERGE}
 * @param parallelism the most items running at once; null means the service default
 * @param onItemFailure null means {@link ItemFailurePolicy#FAIL}
 * @param mergeMaps with MERGE, merge the items' output maps into one map instead of a list
 */
public record ExpansionSpec(
    ExpansionType type,
    Object items,
    Map<String, Object> axes,
    String customType,
    Map<String, Object> customParams,
    OutputFormat output,
    Integer parallelism,
    ItemFailurePolicy onItemFailure,
    boolean mergeMaps) {

  public ExpansionSpec {
    Objects.requireNonNull(type, "type");
    items =
        items instanceof List<?> list ? Collections.unmodifiableList(new ArrayList<>(list)) : items;
    axes = orderedCopy(axes);
    customParams = orderedCopy(customParams);
    output = output == null ? OutputFormat.MERGE : output;
    onItemFailure = onItemFailure == null ? ItemFailurePolicy.FAIL : onItemFailure;
  }

  /** An ARRAY expansion over a literal list or a single template. */
  public static ExpansionSpec array(Object items) {
    return new ExpansionSpec(ExpansionType.ARRAY, items, null, null, null, null, null, null, false);
  }

  /** A MATRIX expansion over the given axes, in their iteration order. */
  public static ExpansionSpec matrix(Map<String, Object> axes) {
    return new ExpansionSpec(ExpansionType.MATRIX, null, axes, null, null, null, null, null, false);
  }

  /** A CUSTOM expansion by the named handler. */
  public static ExpansionSpec custom(String customType, Map<String, Object> customParams) {
    return new ExpansionSpec(
        ExpansionType.CUSTOM, null, null, customType, customParams, null, null, null, false);
  }

  public ExpansionSpec withOutput(OutputFormat output) {
    return new ExpansionSpec(
        type, items, axes, customType, customParams, output, parallelism, onItemFailure, mergeMaps);
  }

  public ExpansionSpec withParallelism(Integer parallelism) {
    return new ExpansionSpec(
        type, items, axes, customType, customParams, output, parallelism, onItemFailure, mergeMaps);
  }

  public ExpansionSpec withOnItemFailure(ItemFailurePolicy onItemFailure) {
    return new ExpansionSpec(
        type, items, axes, customType, customParams, output, parallelism, onItemFailure, mergeMaps);
  }

  public ExpansionSpec withMergeMaps(boolean mergeMaps) {
    return new ExpansionSpec(
        type, items, axes, customType, customParams, output, parallelism, onItemFailure, mergeMaps);
  }

  private static Map<String, Object> orderedCopy(Map<String, Object> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}

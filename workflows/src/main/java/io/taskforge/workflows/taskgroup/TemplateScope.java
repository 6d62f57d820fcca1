package io.taskforge.workflows.taskgroup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What templates may read: {@code context}, {@code tasks.<name>.output} and, inside an expansion,
 * {@code item} and {@code index}.
 *
 * @param context the group's context; null means empty
 * @param taskOutputs output value of each task that has published one, by name (a SEPARATE
 *     expansion publishes each item under {@link ExpansionOutputs#separateKey}); null means empty
 * @param item the current expansion item (a null element of the items list is allowed)
 * @param index the current item's position, from 0; required inside an expansion
 * @param inExpansion whether {@code item} and {@code index} are available
 */
public record TemplateScope(
    Map<String, Object> context,
    Map<String, Object> taskOutputs,
    Object item,
    Integer index,
    boolean inExpansion) {

  public TemplateScope {
    context = orderedCopy(context);
    taskOutputs = orderedCopy(taskOutputs);
    if (inExpansion) {
      Objects.requireNonNull(index, "index");
      if (index < 0) {
        throw new IllegalArgumentException("index must not be negative: " + index);
      }
    } else if (item != null || index != null) {
      throw new IllegalArgumentException("item and index exist only inside an expansion");
    }
  }

  /** A scope outside any expansion. */
  public static TemplateScope of(Map<String, Object> context, Map<String, Object> taskOutputs) {
    return new TemplateScope(context, taskOutputs, null, null, false);
  }

  /** This scope, inside an expansion at {@code item} number {@code index}. */
  public TemplateScope forItem(Object item, int index) {
    return new TemplateScope(context, taskOutputs, item, index, true);
  }

  private static Map<String, Object> orderedCopy(Map<String, Object> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}

package io.taskforge.workflows.agency;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One merge into an agency context, applied whole or not at all: what a group published when it
 * completed, or what a client added. The answer to the {@code addContext} update, and, for a group,
 * recorded in the agency's history so that event streams can show it.
 *
 * @param source {@code api}, or {@code group:<name>}
 * @param values everything offered, by top-level key
 * @param added the keys that were new and are now in the context
 * @param unchanged the keys that were there already with an equal value
 * @param conflicts the keys that were there with a different value, which stays
 * @param group for a group's publication, its name: {@code values} also goes in whole under {@code
 *     groups.<name>}; null for a client's addition
 */
public record ContextMerge(
    String source,
    Map<String, Object> values,
    List<String> added,
    List<String> unchanged,
    List<ContextConflict> conflicts,
    String group) {
  public ContextMerge {
    values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    added = added == null ? List.of() : List.copyOf(added);
    unchanged = unchanged == null ? List.of() : List.copyOf(unchanged);
    conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
  }
}

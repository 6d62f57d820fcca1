package io.taskforge.workflows.agency;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of an agency hands to the next through continue-as-new: every group's state (the
 * ended ones as summaries, with their outputs), the conflicts found so far, who wrote each context
 * key, and whether the agency was asked to close.
 *
 * @param sources context key → who wrote it first ({@code context}, {@code api} or {@code
 *     group:<name>})
 * @param continuations how many times the agency has continued as new, this hand-over included
 */
public record AgencyResume(
    List<AgencyGroupState> groups,
    List<ContextConflict> conflicts,
    Map<String, String> sources,
    boolean closeRequested,
    int continuations) {
  public AgencyResume {
    groups = groups == null ? List.of() : List.copyOf(groups);
    conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    sources =
        sources == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sources));
  }
}

package io.taskforge.workflows.taskgroup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carried into a new run of a group by retry-failed: completed tasks keep their state and outputs
 * and do not run again; the expanded tasks named in {@code retryExpansions} run again with resume,
 * so only their failed items run.
 */
public record GroupResume(Map<String, GroupTaskState> completed, List<String> retryExpansions) {
  public GroupResume {
    // Ordered collections only: workflow code must iterate the same way on every replay.
    completed =
        completed == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(completed));
    retryExpansions = retryExpansions == null ? List.of() : List.copyOf(retryExpansions);
  }
}

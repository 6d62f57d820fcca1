package io.taskforge.workflows.agency;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input of {@link AgencyWorkflow}.
 *
 * @param groups the groups still to run (after a continue-as-new: those that had not ended)
 * @param context the shared session context
 * @param keepOpen the agency stays open, taking more groups and context, until it is closed
 * @param historyLimit continue-as-new once the history holds this many events (0: the default);
 *     Temporal's own suggestion to continue-as-new is always followed as well
 * @param resume what earlier runs achieved, carried by continue-as-new; null in the first run
 */
public record AgencyInput(
    List<AgencyGroupSpec> groups,
    Map<String, Object> context,
    boolean keepOpen,
    int historyLimit,
    AgencyResume resume) {
  public AgencyInput {
    groups = groups == null ? List.of() : List.copyOf(groups);
    context =
        context == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(context));
    if (historyLimit < 0) {
      throw new IllegalArgumentException("historyLimit must be >= 0");
    }
  }
}

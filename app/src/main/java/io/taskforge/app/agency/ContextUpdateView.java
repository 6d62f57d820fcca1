package io.taskforge.app.agency;

import java.util.List;

/**
 * The answer to {@code POST /api/v1/agencies/{id}/context}.
 *
 * @param added keys that were new and are now in the context
 * @param unchanged keys that already held an equal value
 * @param conflicts keys that held a different value, which stays
 */
public record ContextUpdateView(
    List<String> added, List<String> unchanged, List<AgencyView.ConflictView> conflicts) {}

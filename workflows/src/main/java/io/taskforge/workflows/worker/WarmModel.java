package io.taskforge.workflows.worker;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A model a worker served recently, so probably still loaded.
 *
 * @param affinityKeys the sessions (or groups) it served this model for, most recent first
 */
public record WarmModel(String model, Instant lastUsedAt, List<String> affinityKeys) {
  public WarmModel {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    affinityKeys = affinityKeys == null ? List.of() : List.copyOf(affinityKeys);
  }
}

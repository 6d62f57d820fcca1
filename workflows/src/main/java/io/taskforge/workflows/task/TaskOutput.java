package io.taskforge.workflows.task;

import java.util.List;
import java.util.Map;

/**
 * What a task type's activity returns. When the result is too large for workflow history, {@code
 * data} is empty and {@code dataRef} names the artifact (JSON) that holds it.
 */
public record TaskOutput(
    Map<String, Object> data, ArtifactRef dataRef, List<ArtifactRef> artifacts) {
  public TaskOutput {
    data = data == null ? Map.of() : data;
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }

  public static TaskOutput of(Map<String, Object> data) {
    return new TaskOutput(data, null, List.of());
  }

  public static TaskOutput of(Map<String, Object> data, List<ArtifactRef> artifacts) {
    return new TaskOutput(data, null, artifacts);
  }
}

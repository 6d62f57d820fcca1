package io.taskforge.gpuworker.runner;

import io.taskforge.workflows.task.ArtifactRef;
import java.util.List;
import java.util.Map;

/**
 * What an inference produced: a JSON result and the files it wrote.
 *
 * @param model the model that served it, as the runner learned it (null: unknown)
 */
public record InferenceResult(Map<String, Object> data, List<ArtifactRef> artifacts, String model) {
  public InferenceResult {
    data = data == null ? Map.of() : data;
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }
}

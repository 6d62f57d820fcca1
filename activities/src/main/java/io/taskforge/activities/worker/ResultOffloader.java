package io.taskforge.activities.worker;

import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.task.ArtifactRef;
import io.taskforge.workflows.task.TaskOutput;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Keeps large results out of workflow history: a result whose encoded size passes the limit is
 * written to the artifact store as {@code result.json} and the task's output names it instead.
 */
public final class ResultOffloader {
  public static final String RESULT_ARTIFACT = "result.json";

  private final ArtifactStore artifacts;
  private final DataConverter converter;
  private final long inlineLimitBytes;

  public ResultOffloader(ArtifactStore artifacts, DataConverter converter, long inlineLimitBytes) {
    this.artifacts = artifacts;
    this.converter = converter;
    this.inlineLimitBytes = inlineLimitBytes;
  }

  public TaskOutput offloadIfLarge(String taskId, TaskOutput output) {
    Payload payload = converter.toPayload(output.data()).orElseThrow();
    if (payload.getData().size() <= inlineLimitBytes) {
      return output;
    }
    try {
      ArtifactRef ref =
          artifacts.write(
              taskId, RESULT_ARTIFACT, "application/json", out -> payload.getData().writeTo(out));
      return new TaskOutput(Map.of(), ref, output.artifacts());
    } catch (IOException e) {
      throw new UncheckedIOException("could not store the large result of task " + taskId, e);
    }
  }
}

package io.taskforge.workflows.task;

import java.util.Objects;

/** A file a task wrote to the artifact store, downloadable through the API. */
public record ArtifactRef(
    String taskId, String name, String contentType, long sizeBytes, String sha256) {
  public ArtifactRef {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(sha256, "sha256");
  }
}

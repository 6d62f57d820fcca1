package io.taskforge.app.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A task as {@code GET /api/v1/tasks/{id}} shows it. */
public record TaskView(
    String id,
    String type,
    String name,
    String description,
    Map<String, String> metadata,
    String status,
    String priority,
    Map<String, Object> params,
    Map<String, Object> result,
    ArtifactView resultArtifact,
    List<ArtifactView> artifacts,
    FailureView failure,
    int attempts,
    ProgressView progress,
    String lastAttemptError,
    Times times,
    Temporal temporal) {

  public record ArtifactView(
      String name, String contentType, long sizeBytes, String sha256, String url) {}

  public record FailureView(String kind, String message, String type, int attempts) {}

  public record ProgressView(double percent, String message, Instant at) {}

  /**
   * When things happened, and how long they took.
   *
   * @param startAt when a delayed task is due to start
   * @param queueMillis from scheduled to a worker starting it
   * @param runMillis from a worker starting it to its end (or now)
   */
  public record Times(
      Instant createdAt,
      Instant startAt,
      Instant scheduledAt,
      Instant startedAt,
      Instant closedAt,
      Long queueMillis,
      Long runMillis,
      Long totalMillis) {}

  /** Where to find the task in Temporal (Web UI, CLI). */
  public record Temporal(
      String workflowId,
      String runId,
      String executionStatus,
      String taskQueue,
      long historyLength) {}
}

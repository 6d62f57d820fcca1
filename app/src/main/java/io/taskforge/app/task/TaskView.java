package io.taskforge.app.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A task as {@code GET /api/v1/tasks/{id}} shows it.
 *
 * @param reason why a SKIPPED task was skipped
 * @param dependencies the tasks it waits (or waited) for, with their current status
 * @param webhook how the delivery of its webhook went, null when it names none
 */
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
    String reason,
    int attempts,
    ProgressView progress,
    String lastAttemptError,
    List<DependencyView> dependencies,
    WebhookView webhook,
    Times times,
    Temporal temporal) {

  public record ArtifactView(
      String name, String contentType, long sizeBytes, String sha256, String url) {}

  public record FailureView(String kind, String message, String type, int attempts) {}

  /**
   * One dependency.
   *
   * @param status its status now, null when it no longer exists
   * @param satisfied whether that status satisfies {@code requiredStatus}; null while it is open
   */
  public record DependencyView(
      String taskId, String requiredStatus, String status, Boolean satisfied) {}

  /**
   * @param delivered whether the receiver answered 2xx
   * @param attempts POSTs made so far
   * @param lastStatus the HTTP status of the last answer, 0 when there was none
   * @param lastError why the last attempt failed
   * @param pending still being delivered (or retried)
   */
  public record WebhookView(
      String url,
      boolean delivered,
      int attempts,
      int lastStatus,
      String lastError,
      boolean pending) {}

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

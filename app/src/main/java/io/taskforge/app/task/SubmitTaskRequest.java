package io.taskforge.app.task;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/tasks}. Only {@code type} is required. Durations are ISO-8601 ({@code PT30S})
 * or short ({@code 30s}, {@code 5m}); {@code startAt} is an ISO-8601 instant. {@code dependencies}
 * name existing tasks to wait for; {@code webhook} is called when the task closes.
 */
public record SubmitTaskRequest(
    String id,
    String type,
    String name,
    String description,
    Map<String, String> metadata,
    Map<String, Object> params,
    String priority,
    Retry retry,
    Timeouts timeouts,
    Boolean manualStart,
    String startAt,
    List<Dependency> dependencies,
    Webhook webhook) {

  /** Wait for task {@code taskId} to end as {@code requiredStatus} (default COMPLETED) says. */
  public record Dependency(String taskId, String requiredStatus) {}

  /**
   * Where to POST the task's final state. The HMAC secret is {@code secretRef} (the name of a
   * secret configured on the workers), else {@code secret}, else the configured default.
   */
  public record Webhook(
      String url, String secret, String secretRef, Integer maxAttempts, String initialInterval) {
    /** Never print the secret (requests are logged on errors). */
    @Override
    public String toString() {
      return "Webhook[url=" + url + ", secretRef=" + secretRef + "]";
    }
  }

  /** Overrides of the task type's retry policy; absent fields keep the type's default. */
  public record Retry(
      Integer maxAttempts,
      String initialInterval,
      Double backoffCoefficient,
      String maximumInterval,
      List<String> nonRetryableErrorTypes) {}

  /** Overrides of the task type's time limits; absent fields keep the type's default. */
  public record Timeouts(String execution, String attempt, String queue, String heartbeat) {}
}

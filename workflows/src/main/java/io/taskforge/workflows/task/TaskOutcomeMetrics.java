package io.taskforge.workflows.task;

import com.uber.m3.tally.Scope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counters of how tasks end: {@code taskforge.tasks.completed}, {@code .failed} (with the
 * failure kind), {@code .cancelled} and {@code .skipped}, tagged with the task's type and priority.
 *
 * <p>{@link TaskWorkflowImpl} counts them through the workflow's metrics scope, because the
 * workflow is the one place that sees every outcome: a task cancelled while PENDING or WAITING, or
 * skipped, never reaches an activity, and an activity only sees attempts, not the task's end. The
 * workflow scope emits nothing while a history replays, and reports through the SDK's reporter into
 * the same Micrometer registry as the SDK's own metrics, so the series carry its tags too ({@code
 * namespace}, {@code task_queue}, {@code workflow_type}). A task terminated by force or by the
 * server runs no code and is not counted; one whose closing workflow task is lost (a worker dies at
 * that moment) may be counted twice.
 */
final class TaskOutcomeMetrics {
  static final String COMPLETED = "taskforge.tasks.completed";
  static final String FAILED = "taskforge.tasks.failed";
  static final String CANCELLED = "taskforge.tasks.cancelled";
  static final String SKIPPED = "taskforge.tasks.skipped";

  private TaskOutcomeMetrics() {}

  /**
   * Counts one task's end.
   *
   * @param failureKind why a FAILED task failed; ignored for other statuses
   */
  static void record(Scope scope, TaskInput input, TaskStatus status, FailureKind failureKind) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("type", input.type());
    tags.put("priority", input.priority().name());
    String name =
        switch (status) {
          case COMPLETED -> COMPLETED;
          case CANCELLED -> CANCELLED;
          case SKIPPED -> SKIPPED;
          case FAILED -> {
            tags.put("kind", failureKind.name());
            yield FAILED;
          }
          default -> throw new IllegalArgumentException(status + " is not a final status");
        };
    scope.tagged(tags).counter(name).inc(1);
  }
}

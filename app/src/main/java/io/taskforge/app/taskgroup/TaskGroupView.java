package io.taskforge.app.taskgroup;

import io.taskforge.app.task.TaskView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A task group as {@code GET /api/v1/task-groups/{id}} shows it. */
public record TaskGroupView(
    String id,
    String name,
    String description,
    Map<String, String> metadata,
    String status,
    String reason,
    String failurePolicy,
    int maxConcurrency,
    String priority,
    String timeout,
    List<GroupTaskView> tasks,
    Map<String, Object> context,
    Times times,
    TaskView.Temporal temporal) {

  /**
   * One task of the group.
   *
   * @param taskId its child workflow's id ({@code <group>.<name>}), once started
   * @param taskUrl where the child can be read as a task; null for an expanded task, whose child is
   *     an expansion rather than a task
   * @param output what it published to the context; null when it is too large to keep inline, then
   *     {@code outputArtifact} links to it
   * @param expansion for an expanded task: how, and item counts once it has ended
   */
  public record GroupTaskView(
      String name,
      String type,
      String status,
      String taskId,
      String taskUrl,
      List<DependencyView> dependsOn,
      Object output,
      TaskView.ArtifactView outputArtifact,
      TaskView.FailureView failure,
      String skipReason,
      ExpansionView expansion,
      Instant startedAt,
      Instant closedAt) {}

  /**
   * What a task waits for: {@code task} ending {@code status} (COMPLETED, FAILED, CANCELLED,
   * ANY_TERMINAL).
   */
  public record DependencyView(String task, String status) {}

  /**
   * An expanded task's shape and item counts; the counts are null until the expansion has ended.
   *
   * @param failedItems the first failed items (at most 100), with their index and error
   */
  public record ExpansionView(
      String type,
      String output,
      Long total,
      Long succeeded,
      Long failed,
      List<ItemFailureView> failedItems) {}

  public record ItemFailureView(long index, String type, String message, int attempts) {}

  public record Times(Instant createdAt, Instant closedAt, Long totalMillis) {}
}

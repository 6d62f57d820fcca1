package io.taskforge.app.agency;

import io.taskforge.app.task.TaskView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An agency as the API shows it.
 *
 * @param context the shared context: the initial keys, keys added through the API, every completed
 *     group's outputs at top level (first writer wins) and under {@code groups.<name>}
 * @param conflicts top-level writes refused because the key held a different value
 * @param results each group's status and outputs, by group name (the final results once closed)
 * @param continuations how many times the agency has continued as new (long sessions)
 */
public record AgencyView(
    String id,
    String name,
    String description,
    Map<String, String> metadata,
    String status,
    String reason,
    boolean keepOpen,
    boolean closeRequested,
    int continuations,
    List<GroupView> groups,
    Map<String, Object> context,
    List<ConflictView> conflicts,
    Map<String, GroupResult> results,
    Times times,
    TaskView.Temporal temporal) {

  /**
   * @param url the group's own view ({@code /api/v1/task-groups/<groupId>}), once started
   * @param waitingFor the context keys it still waits for, before it starts
   */
  public record GroupView(
      String name,
      String status,
      String groupId,
      String url,
      List<DependencyView> dependsOn,
      List<String> waitForContext,
      List<String> waitingFor,
      Map<String, Object> outputs,
      String reason,
      Instant startedAt,
      Instant closedAt) {}

  public record DependencyView(String group, String status) {}

  public record ConflictView(
      String key,
      Object keptValue,
      String keptFrom,
      Object rejectedValue,
      String rejectedFrom,
      Instant at) {}

  public record GroupResult(String status, Map<String, Object> outputs, String reason) {}

  public record Times(Instant createdAt, Instant closedAt, Long totalMillis) {}
}

package io.taskforge.workflows.taskgroup;

import io.taskforge.workflows.task.TaskPriority;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The input of {@link TaskGroupWorkflow}.
 *
 * @param maxConcurrency tasks of the group running at once, at most
 * @param timeout the whole group's time limit; null for none
 * @param resume what an earlier run of this group already achieved (retry-failed); null at first
 * @param agencyId the agency the group belongs to, set on its tasks as {@code AgencyId}; null for a
 *     group of its own (and in every input recorded before agencies existed)
 * @param maxExpansionItems the most items one expanded task of the group may fan out to (its
 *     tenant's limit, set by the API); an expansion found larger at run time fails. Null for no
 *     limit (and in every input recorded before limits existed)
 */
public record TaskGroupInput(
    List<GroupTaskSpec> tasks,
    Map<String, Object> context,
    FailurePolicy failurePolicy,
    int maxConcurrency,
    Duration timeout,
    TaskPriority priority,
    GroupResume resume,
    String agencyId,
    Long maxExpansionItems) {
  public TaskGroupInput {
    tasks = List.copyOf(tasks);
    context =
        context == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(context));
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    Objects.requireNonNull(priority, "priority");
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be >= 1");
    }
  }

  /** A group with no expansion limit. */
  public TaskGroupInput(
      List<GroupTaskSpec> tasks,
      Map<String, Object> context,
      FailurePolicy failurePolicy,
      int maxConcurrency,
      Duration timeout,
      TaskPriority priority,
      GroupResume resume,
      String agencyId) {
    this(tasks, context, failurePolicy, maxConcurrency, timeout, priority, resume, agencyId, null);
  }

  /** A group outside any agency. */
  public TaskGroupInput(
      List<GroupTaskSpec> tasks,
      Map<String, Object> context,
      FailurePolicy failurePolicy,
      int maxConcurrency,
      Duration timeout,
      TaskPriority priority,
      GroupResume resume) {
    this(tasks, context, failurePolicy, maxConcurrency, timeout, priority, resume, null, null);
  }

  public TaskGroupInput withResume(GroupResume newResume) {
    return new TaskGroupInput(
        tasks,
        context,
        failurePolicy,
        maxConcurrency,
        timeout,
        priority,
        newResume,
        agencyId,
        maxExpansionItems);
  }

  /** This group with at most {@code limit} items per expanded task; null for no limit. */
  public TaskGroupInput withMaxExpansionItems(Long limit) {
    return new TaskGroupInput(
        tasks, context, failurePolicy, maxConcurrency, timeout, priority, resume, agencyId, limit);
  }

  /** This group as a member of an agency, starting from the given context. */
  public TaskGroupInput inAgency(String newAgencyId, Map<String, Object> startContext) {
    return new TaskGroupInput(
        tasks,
        startContext,
        failurePolicy,
        maxConcurrency,
        timeout,
        priority,
        resume,
        newAgencyId,
        maxExpansionItems);
  }
}

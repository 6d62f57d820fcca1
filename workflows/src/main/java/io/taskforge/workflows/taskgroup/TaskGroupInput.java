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
 */
public record TaskGroupInput(
    List<GroupTaskSpec> tasks,
    Map<String, Object> context,
    FailurePolicy failurePolicy,
    int maxConcurrency,
    Duration timeout,
    TaskPriority priority,
    GroupResume resume) {
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

  public TaskGroupInput withResume(GroupResume newResume) {
    return new TaskGroupInput(
        tasks, context, failurePolicy, maxConcurrency, timeout, priority, newResume);
  }
}

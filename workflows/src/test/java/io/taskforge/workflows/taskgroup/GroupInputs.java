package io.taskforge.workflows.taskgroup;

import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.task.TimeoutSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Small factories for group inputs in tests: tasks with roomy limits on one activity queue. */
public final class GroupInputs {
  public static final String ACTIVITY_QUEUE = "group-test-activities";

  private GroupInputs() {}

  public static TaskInput taskInput(String type, Map<String, Object> params) {
    return new TaskInput(
        type,
        params,
        TaskPriority.NORMAL,
        ACTIVITY_QUEUE,
        RetrySpec.of(3, Duration.ofSeconds(1)),
        new TimeoutSpec(Duration.ofHours(1), Duration.ofMinutes(10), null, Duration.ofSeconds(30)),
        false,
        null);
  }

  /** A task of type {@code type} that waits for {@code dependsOn} to complete. */
  public static GroupTaskSpec task(
      String name, String type, Map<String, Object> params, String... dependsOn) {
    return new GroupTaskSpec(
        name,
        taskInput(type, params),
        List.of(dependsOn).stream().map(Dependency::on).toList(),
        null);
  }

  public static GroupTaskSpec task(
      String name, String type, Map<String, Object> params, List<Dependency> dependsOn) {
    return new GroupTaskSpec(name, taskInput(type, params), dependsOn, null);
  }

  public static GroupTaskSpec expanded(
      String name, Map<String, Object> params, ExpansionSpec expansion, String... dependsOn) {
    return new GroupTaskSpec(
        name,
        taskInput("item", params),
        List.of(dependsOn).stream().map(Dependency::on).toList(),
        expansion);
  }

  public static TaskGroupInput group(FailurePolicy policy, GroupTaskSpec... tasks) {
    return new TaskGroupInput(
        List.of(tasks), Map.of(), policy, 10, null, TaskPriority.NORMAL, null);
  }

  public static TaskGroupInput group(
      Map<String, Object> context, FailurePolicy policy, GroupTaskSpec... tasks) {
    return new TaskGroupInput(List.of(tasks), context, policy, 10, null, TaskPriority.NORMAL, null);
  }

  /** The diamond a → (b, c) → d, each reading what it depends on through templates. */
  public static TaskGroupInput diamond() {
    return group(
        Map.of("region", "eu"),
        FailurePolicy.FAIL_FAST,
        task("a", "extract", Map.of("n", 2, "chunks", List.of("x", "y"))),
        task("b", "count", Map.of("n", "{{tasks.a.output.n}}"), "a"),
        task(
            "c",
            "split",
            Map.of("chunks", "{{tasks.a.output.chunks}}", "region", "{{context.region}}"),
            "a"),
        task(
            "d",
            "report",
            Map.of("text", "n={{tasks.b.output.n}} in {{tasks.c.output.region}}"),
            "b",
            "c"));
  }
}

package io.taskforge.app.taskgroup;

import io.taskforge.activities.TaskContext;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.webhook.WebhookSettings;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.egress.SubmittedUrls;
import io.taskforge.app.support.SliceEgress;
import io.taskforge.app.task.TaskRequestValidator;
import io.taskforge.app.tasktype.TaskTypeRegistry;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** Task types and small request builders shared by the task-group tests. */
public final class GroupFixtures {
  private GroupFixtures() {}

  /** {@code echo}: text (string, required), times (integer 1..10, default 1). */
  public static TaskTypeDefinition echo() {
    return type(
        "echo",
        ParamSpec.required("text", ParamType.STRING, "What to echo."),
        ParamSpec.optional("times", ParamType.INTEGER, 1, "How often.").between(1, 10));
  }

  /** {@code batch}: items (array, required), mode (fast or slow, default fast). */
  static TaskTypeDefinition batch() {
    return type(
        "batch",
        ParamSpec.required("items", ParamType.ARRAY, "The items."),
        ParamSpec.optional("mode", ParamType.STRING, "fast", "Speed.").oneOf("fast", "slow"));
  }

  private static TaskTypeDefinition type(String name, ParamSpec... params) {
    return new TaskTypeDefinition(
        name,
        "A test type.",
        TaskQueues.DEFAULT,
        List.of(params),
        RetrySpec.of(3, Duration.ofSeconds(1)),
        new TimeoutSpec(
            Duration.ofMinutes(10), Duration.ofMinutes(5), null, Duration.ofSeconds(30)));
  }

  public static TaskHandler handler(TaskTypeDefinition definition) {
    return new TaskHandler() {
      @Override
      public TaskTypeDefinition definition() {
        return definition;
      }

      @Override
      public TaskOutput handle(TaskActivityInput input, TaskContext context) {
        return TaskOutput.of(input.params());
      }
    };
  }

  static WorkerSettings workerSettings(String taskQueue) {
    return new WorkerSettings(true, taskQueue, 16, 50);
  }

  static TaskGroupRequestMapper mapper() {
    return mapper("taskforge");
  }

  /** A mapper whose CPU task types run on {@code taskQueue}. */
  static TaskGroupRequestMapper mapper(String taskQueue) {
    TaskTypeRegistry registry =
        new TaskTypeRegistry(
            List.of(handler(echo()), handler(batch())),
            new StaticListableBeanFactory().getBeanProvider(TaskTypeDefinition.class));
    return new TaskGroupRequestMapper(
        new TaskRequestValidator(
            registry, workerSettings(taskQueue), WebhookSettings.withSecret(""), submittedUrls()),
        registry);
  }

  static SubmittedUrls submittedUrls() {
    return SliceEgress.submittedUrls();
  }

  static GroupTaskRequest echo(String name, String text, Object... dependsOn) {
    return task(name, "echo", Map.of("text", text), dependsOn);
  }

  static GroupTaskRequest task(
      String name, String type, Map<String, Object> params, Object... dependsOn) {
    return new GroupTaskRequest(
        name, type, null, params, null, null, null, Arrays.asList(dependsOn), null);
  }

  static GroupTaskRequest expanded(
      String name, String type, Map<String, Object> params, GroupTaskRequest.Expand expand) {
    return new GroupTaskRequest(name, type, null, params, null, null, null, List.of(), expand);
  }

  static GroupTaskRequest.Expand array(Object items, String output) {
    return new GroupTaskRequest.Expand("array", items, null, null, null, output, null, null, null);
  }

  static SubmitTaskGroupRequest group(GroupTaskRequest... tasks) {
    return new SubmitTaskGroupRequest(
        null, "g", null, null, List.of(tasks), null, null, null, null, null);
  }

  static Map<String, Object> dependency(String task, String status) {
    Map<String, Object> dependency = new LinkedHashMap<>();
    dependency.put("task", task);
    dependency.put("status", status);
    return dependency;
  }
}

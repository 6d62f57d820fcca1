package io.taskforge.app.tasktype;

import io.taskforge.app.web.Problems;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists the task types with their parameters and defaults. */
@RestController
@RequestMapping("/api/v1/task-types")
public class TaskTypeController {
  private final TaskTypeRegistry registry;

  public TaskTypeController(TaskTypeRegistry registry) {
    this.registry = registry;
  }

  @GetMapping
  public List<TaskTypeView> list() {
    return registry.all().stream().map(TaskTypeView::of).toList();
  }

  @GetMapping("/{name}")
  public TaskTypeView get(@PathVariable String name) {
    return registry
        .find(name)
        .map(TaskTypeView::of)
        .orElseThrow(() -> Problems.notFound("task type", name));
  }

  /** A task type as the API shows it. */
  public record TaskTypeView(
      String name,
      String description,
      String taskQueue,
      List<ParamView> params,
      RetryView defaultRetry,
      TimeoutsView defaultTimeouts) {
    static TaskTypeView of(TaskTypeDefinition d) {
      return new TaskTypeView(
          d.name(),
          d.description(),
          d.taskQueue(),
          d.params().stream().map(ParamView::of).toList(),
          RetryView.of(d.defaultRetry()),
          TimeoutsView.of(d.defaultTimeouts()));
    }
  }

  public record ParamView(
      String name,
      String type,
      boolean required,
      Object defaultValue,
      String description,
      List<String> allowedValues,
      Double min,
      Double max) {
    static ParamView of(ParamSpec p) {
      return new ParamView(
          p.name(),
          p.type().jsonName(),
          p.required(),
          p.defaultValue(),
          p.description(),
          p.allowedValues(),
          p.min(),
          p.max());
    }
  }

  public record RetryView(
      int maxAttempts,
      String initialInterval,
      double backoffCoefficient,
      String maximumInterval,
      List<String> nonRetryableErrorTypes) {
    static RetryView of(RetrySpec r) {
      return new RetryView(
          r.maximumAttempts(),
          r.initialInterval().toString(),
          r.backoffCoefficient(),
          r.maximumInterval().toString(),
          r.nonRetryableErrorTypes());
    }
  }

  public record TimeoutsView(String execution, String attempt, String queue, String heartbeat) {
    static TimeoutsView of(TimeoutSpec t) {
      return new TimeoutsView(
          t.execution().toString(),
          t.attempt().toString(),
          t.queue() == null ? null : t.queue().toString(),
          t.heartbeat().toString());
    }
  }
}

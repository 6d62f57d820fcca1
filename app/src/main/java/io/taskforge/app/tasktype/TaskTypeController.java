package io.taskforge.app.tasktype;

import io.taskforge.app.web.Problems;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lists the task types with their parameters and defaults: the app's own (Java) and those that
 * workers on other SDKs announce (Python), with whether a worker serves each now.
 */
@RestController
@RequestMapping("/api/v1/task-types")
public class TaskTypeController {
  private final TaskTypeRegistry registry;
  private final ObjectProvider<AnnouncedTaskTypes> announced;

  public TaskTypeController(
      TaskTypeRegistry registry, ObjectProvider<AnnouncedTaskTypes> announced) {
    this.registry = registry;
    this.announced = announced;
  }

  @GetMapping
  public List<TaskTypeView> list() {
    return registry.all().stream().map(this::view).toList();
  }

  @GetMapping("/{name}")
  public TaskTypeView get(@PathVariable String name) {
    return registry
        .find(name)
        .map(this::view)
        .orElseThrow(() -> Problems.notFound("task type", name));
  }

  private TaskTypeView view(TaskTypeDefinition d) {
    return registry
        .announcement(d.name())
        .map(a -> TaskTypeView.of(d, a.runtime(), a.paramsSchema(), a.available(), a.workers()))
        .orElseGet(() -> TaskTypeView.of(d, "java", ParamSchemas.of(d.params()), served(d), null));
  }

  /**
   * The app's workers run every type of their own queue; a type of another queue (GPU) is served
   * while a healthy worker in the registry reports it.
   */
  private boolean served(TaskTypeDefinition d) {
    if (TaskQueues.DEFAULT.equals(d.taskQueue())) {
      return true;
    }
    AnnouncedTaskTypes registryView = announced.getIfAvailable();
    return registryView != null && registryView.servedByHealthyWorker(d.name());
  }

  /**
   * A task type as the API shows it.
   *
   * @param runtime what serves it: {@code java} (the app's workers, gpu-workers) or the SDK a
   *     worker announced it from ({@code python})
   * @param paramsSchema its parameters as a JSON Schema
   * @param available whether a worker serves it now; tasks of an unavailable type are accepted and
   *     wait (SCHEDULED) until one does
   * @param workers the workers that announced it (announced types only)
   */
  public record TaskTypeView(
      String name,
      String description,
      String taskQueue,
      String runtime,
      boolean available,
      List<ParamView> params,
      Map<String, Object> paramsSchema,
      RetryView defaultRetry,
      TimeoutsView defaultTimeouts,
      List<String> workers) {
    static TaskTypeView of(
        TaskTypeDefinition d,
        String runtime,
        Map<String, Object> paramsSchema,
        boolean available,
        List<String> workers) {
      return new TaskTypeView(
          d.name(),
          d.description(),
          d.taskQueue(),
          runtime,
          available,
          d.params().stream().map(ParamView::of).toList(),
          paramsSchema,
          RetryView.of(d.defaultRetry()),
          TimeoutsView.of(d.defaultTimeouts()),
          workers);
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

package io.taskforge.app.taskgroup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.app.task.SubmitTaskRequest;
import io.taskforge.app.task.TaskRequestValidator;
import io.taskforge.app.tasktype.TaskTypeRegistry;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import io.taskforge.app.web.RequestChecks;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.taskgroup.Dependency;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.taskforge.workflows.taskgroup.FailurePolicy;
import io.taskforge.workflows.taskgroup.GroupTaskSpec;
import io.taskforge.workflows.taskgroup.OutputFormat;
import io.taskforge.workflows.taskgroup.TaskGraph;
import io.taskforge.workflows.taskgroup.TaskGroupInput;
import io.taskforge.workflows.taskgroup.Templates;
import io.taskforge.workflows.tasktype.Durations;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Checks a submitted group and turns it into the workflow's input. Each task is checked as a single
 * task would be (type, params, retry, timeouts), except that params holding templates are not
 * type-checked; then the graph (unknown, self and duplicate dependencies, cycles with their path),
 * the templates (syntax, and that a task reads only outputs of tasks it depends on) and the
 * expansions. Every problem is reported at once, named by its JSON path; nothing invalid starts.
 */
@Component
public class TaskGroupRequestMapper {
  /** Group ids become workflow ids, and prefixes of their tasks' ids. */
  public static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

  public static final int MAX_GROUP_ID = 64;

  /** Task names build child ids ({@code <group>.<name>}) and keys ({@code <name>[3]}). */
  public static final Pattern TASK_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

  static final int MAX_TASK_NAME = 63;
  static final int MAX_TASKS = 500;
  static final int MAX_CONCURRENCY = 1000;
  static final int DEFAULT_CONCURRENCY = 10;
  static final int MAX_NAME = 200;
  static final int MAX_DESCRIPTION = 2000;
  public static final int MAX_CONTEXT_BYTES = 256 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TaskRequestValidator taskValidator;
  private final TaskTypeRegistry registry;

  public TaskGroupRequestMapper(TaskRequestValidator taskValidator, TaskTypeRegistry registry) {
    this.taskValidator = taskValidator;
    this.registry = registry;
  }

  /** A valid group, ready to start. */
  public record ValidGroup(
      String id,
      String name,
      String description,
      Map<String, String> metadata,
      TaskGroupInput input) {}

  /** {@code tenant} submits it: the egress policy checks its tasks' URLs for it. */
  public ValidGroup map(SubmitTaskGroupRequest request, String tenant) {
    if (request == null) {
      throw Problems.invalid("body", "is required");
    }
    List<FieldProblem> errors = new ArrayList<>();
    checkGroupId(request.id(), errors);
    RequestChecks.checkLength("name", request.name(), MAX_NAME, errors);
    RequestChecks.checkLength("description", request.description(), MAX_DESCRIPTION, errors);
    Map<String, String> metadata = request.metadata() == null ? Map.of() : request.metadata();
    RequestChecks.checkMetadata(metadata, errors);
    FailurePolicy failurePolicy = failurePolicy(request.failurePolicy(), errors);
    int maxConcurrency =
        request.maxConcurrency() == null ? DEFAULT_CONCURRENCY : request.maxConcurrency();
    if (maxConcurrency < 1 || maxConcurrency > MAX_CONCURRENCY) {
      errors.add(new FieldProblem("maxConcurrency", "must be between 1 and " + MAX_CONCURRENCY));
    }
    Duration timeout = timeout(request.timeout(), taskValidator.maxDuration(), errors);
    TaskPriority priority = priority("priority", request.priority(), errors);

    List<GroupTaskRequest> tasks = request.tasks() == null ? List.of() : request.tasks();
    if (tasks.isEmpty()) {
      errors.add(new FieldProblem("tasks", "is required: at least one task"));
    } else if (tasks.size() > MAX_TASKS) {
      errors.add(new FieldProblem("tasks", "may hold at most " + MAX_TASKS + " tasks"));
      throw Problems.invalid(errors); // too many to check one by one
    }
    Map<String, Object> context = request.context() == null ? Map.of() : request.context();

    Map<String, Integer> indexByName = GroupGraphChecks.checkNames(tasks, errors);
    List<GroupTaskSpec> specs = new ArrayList<>();
    Map<String, List<Dependency>> graph = new LinkedHashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      GroupTaskRequest task = tasks.get(i);
      if (task == null) {
        errors.add(new FieldProblem("tasks[" + i + "]", "must be a task object"));
        continue;
      }
      String field = "tasks[" + i + "]";
      List<Dependency> dependencies =
          GroupGraphChecks.dependencies(task.dependsOn(), field, errors);
      ExpansionSpec expansion =
          task.expand() == null
              ? null
              : ExpansionRequests.toSpec(task.expand(), field + ".expand", errors);
      TaskInput input = taskInput(task, field, priority, expansion, tenant, errors);
      if (GroupGraphChecks.isFirst(task, i, indexByName)) {
        graph.put(task.name(), dependencies);
        if (input != null) {
          specs.add(new GroupTaskSpec(task.name(), input, dependencies, expansion));
        }
      }
    }
    Optional<TaskGraph> valid = GroupGraphChecks.graph(graph, indexByName, errors);
    GroupGraphChecks.checkReferences(tasks, indexByName, valid, errors);
    checkContext(context, indexByName.keySet(), errors);
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    String name =
        request.name() == null || request.name().isBlank() ? "task group" : request.name();
    return new ValidGroup(
        request.id(),
        name,
        request.description(),
        Map.copyOf(metadata),
        new TaskGroupInput(specs, context, failurePolicy, maxConcurrency, timeout, priority, null));
  }

  /**
   * The task's input, checked by the single-task validator with template params standing in, or
   * null when it is invalid. Its params are the given ones (templates intact) with the type's
   * defaults.
   */
  private TaskInput taskInput(
      GroupTaskRequest task,
      String field,
      TaskPriority groupPriority,
      ExpansionSpec expansion,
      String tenant,
      List<FieldProblem> errors) {
    RequestChecks.checkLength(field + ".description", task.description(), MAX_DESCRIPTION, errors);
    Map<String, Object> params = task.params() == null ? Map.of() : task.params();
    boolean single = expansion != null && expansion.output() == OutputFormat.SINGLE;
    boolean fansOut = ExpansionRequests.fansOut(expansion);
    params.forEach(
        (key, value) -> {
          for (String error : Templates.syntaxErrors(value, fansOut)) {
            errors.add(new FieldProblem(field + ".params." + key, error));
          }
        });
    TaskTypeDefinition type = registry.find(task.type()).orElse(null);
    refuseAnnouncedInExpansion(task, field, expansion, errors);
    List<String> injected = List.of();
    if (single) {
      injected = List.of("items");
      if (params.containsKey("items")) {
        errors.add(
            new FieldProblem(
                field + ".params.items", "is set by the expansion (output single) at run time"));
      }
      if (type != null && type.params().stream().noneMatch(p -> p.name().equals("items"))) {
        errors.add(
            new FieldProblem(
                field + ".expand.output",
                "single passes the whole list as param 'items', which type "
                    + type.name()
                    + " does not have"));
      }
    }
    Map<String, Object> checked =
        type == null ? params : TemplatedParams.forValidation(type, params, injected);
    String priority = task.priority() == null ? groupPriority.name() : task.priority();
    TaskRequestValidator.ValidTask valid;
    try {
      valid =
          taskValidator.validate(
              new SubmitTaskRequest(
                  null,
                  task.type(),
                  null,
                  null,
                  null,
                  checked,
                  priority,
                  task.retry(),
                  task.timeouts(),
                  null,
                  null,
                  null,
                  null),
              tenant);
    } catch (ErrorResponseException e) {
      fieldProblems(e)
          .forEach(p -> errors.add(new FieldProblem(field + "." + p.field(), p.message())));
      return null;
    }
    TaskInput checkedInput = valid.input();
    Map<String, Object> withDefaults =
        valid.type().withDefaults(single ? without(params, "items") : params);
    return new TaskInput(
        checkedInput.type(),
        withDefaults,
        checkedInput.priority(),
        checkedInput.activityTaskQueue(),
        checkedInput.retry(),
        checkedInput.timeouts(),
        false,
        null);
  }

  /**
   * Expansions run their items in batches on the item type's workers, and a custom expansion's
   * producer in-process on the app's: neither exists yet for types that other SDKs' workers serve.
   */
  private void refuseAnnouncedInExpansion(
      GroupTaskRequest task, String field, ExpansionSpec expansion, List<FieldProblem> errors) {
    if (expansion == null) {
      return;
    }
    registry
        .announcement(task.type())
        .ifPresent(
            a ->
                errors.add(
                    new FieldProblem(
                        field + ".type",
                        "is served by a "
                            + a.runtime()
                            + " worker; such types cannot be expanded yet")));
    if (expansion.customType() != null) {
      registry
          .announcement(expansion.customType())
          .ifPresent(
              a ->
                  errors.add(
                      new FieldProblem(
                          field + ".expand.customType",
                          "is served by a "
                              + a.runtime()
                              + " worker; custom expansions need a built-in producer for now")));
    }
  }

  private static Map<String, Object> without(Map<String, Object> map, String key) {
    Map<String, Object> copy = new LinkedHashMap<>(map);
    copy.remove(key);
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static List<FieldProblem> fieldProblems(ErrorResponseException e) {
    ProblemDetail body = e.getBody();
    Object errors = body.getProperties() == null ? null : body.getProperties().get("errors");
    if (errors instanceof List<?> list) {
      return (List<FieldProblem>) list;
    }
    return List.of(new FieldProblem("", String.valueOf(body.getDetail())));
  }

  private static void checkContext(
      Map<String, Object> context, Set<String> taskNames, List<FieldProblem> errors) {
    for (String key : context.keySet()) {
      if (taskNames.contains(key)) {
        errors.add(
            new FieldProblem(
                "context." + key,
                "is also a task name; the task's output would replace it in the context"));
      }
    }
    try {
      if (JSON.writeValueAsBytes(context).length > MAX_CONTEXT_BYTES) {
        errors.add(
            new FieldProblem("context", "must be at most " + MAX_CONTEXT_BYTES / 1024 + " KB"));
      }
    } catch (JsonProcessingException e) {
      errors.add(new FieldProblem("context", "is not serializable as JSON"));
    }
  }

  static void checkGroupId(String id, List<FieldProblem> errors) {
    if (id == null) {
      return;
    }
    if (id.length() > MAX_GROUP_ID) {
      errors.add(new FieldProblem("id", "must be at most " + MAX_GROUP_ID + " characters"));
    } else if (!GROUP_ID.matcher(id).matches()) {
      errors.add(
          new FieldProblem(
              "id", "may contain only letters, digits and . _ : - and must start with one"));
    }
  }

  private static FailurePolicy failurePolicy(String value, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return FailurePolicy.FAIL_FAST;
    }
    try {
      return FailurePolicy.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      errors.add(new FieldProblem("failurePolicy", "must be FAIL_FAST or CONTINUE"));
      return FailurePolicy.FAIL_FAST;
    }
  }

  static TaskPriority priority(String field, String value, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return TaskPriority.NORMAL;
    }
    try {
      return TaskPriority.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      errors.add(new FieldProblem(field, "must be one of LOW, NORMAL, HIGH, CRITICAL"));
      return TaskPriority.NORMAL;
    }
  }

  private static Duration timeout(String value, Duration max, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Optional<Duration> parsed = Durations.parse(value.trim());
    if (parsed.isEmpty() || !parsed.get().isPositive()) {
      errors.add(
          new FieldProblem("timeout", "must be a positive duration such as PT30M, 30m, 2h or 1d"));
      return null;
    }
    if (parsed.get().compareTo(max) > 0) {
      errors.add(new FieldProblem("timeout", TaskRequestValidator.atMost(max)));
      return null;
    }
    return parsed.get();
  }
}

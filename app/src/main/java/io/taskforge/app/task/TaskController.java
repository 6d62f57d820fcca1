package io.taskforge.app.task;

import io.taskforge.app.security.Tenancy;
import io.taskforge.app.web.Blocking;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import io.taskforge.app.web.RequestChecks;
import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.task.TaskStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/tasks}: submit, read, list, count, cancel, execute and delete tasks. */
@RestController
@RequestMapping("/api/v1/tasks")
public class TaskController {
  static final int MAX_PAGE_SIZE = 1000;

  private final TaskService tasks;
  private final TaskRequestValidator validator;
  private final Blocking blocking;

  public TaskController(TaskService tasks, TaskRequestValidator validator, Blocking blocking) {
    this.tasks = tasks;
    this.validator = validator;
    this.blocking = blocking;
  }

  /**
   * 202 with the new task, or 200 with the existing one when an {@code Idempotency-Key} repeats an
   * earlier request.
   */
  @PostMapping
  public Mono<ResponseEntity<TaskView>> submit(
      @RequestBody SubmitTaskRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    RequestChecks.checkIdempotencyKey(idempotencyKey);
    String hash = RequestChecks.requestHash(request);
    return Tenancy.current()
        .flatMap(
            tenant -> {
              TaskRequestValidator.ValidTask task = validator.validate(request, tenant);
              return blocking.submit(() -> tasks.submit(tenant, task, idempotencyKey, hash));
            })
        .map(
            submitted ->
                ResponseEntity.status(submitted.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                    .location(URI.create("/api/v1/tasks/" + submitted.task().id()))
                    .body(submitted.task()));
  }

  @GetMapping("/{id}")
  public Mono<TaskView> get(@PathVariable String id) {
    return Tenancy.current().flatMap(tenant -> blocking.call(() -> tasks.get(tenant, id)));
  }

  @GetMapping
  public Mono<TaskPage> list(
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String priority,
      @RequestParam(required = false) String createdAfter,
      @RequestParam(required = false) String createdBefore,
      @RequestParam(required = false) String groupId,
      @RequestParam(defaultValue = "50") int pageSize,
      @RequestParam(required = false) String pageToken) {
    List<FieldProblem> errors = new ArrayList<>();
    TaskQuery query =
        new TaskQuery(
            parseEnum(TaskStatus.class, "status", status, errors),
            type,
            parseEnum(TaskPriority.class, "priority", priority, errors),
            RequestChecks.instant("createdAfter", createdAfter, errors),
            RequestChecks.instant("createdBefore", createdBefore, errors),
            groupId);
    if (type != null && !TaskRequestValidator.ID.matcher(type).matches()) {
      errors.add(new FieldProblem("type", "is not a task type name"));
    }
    if (groupId != null
        && (groupId.length() > TaskRequestValidator.MAX_ID
            || !TaskRequestValidator.ID.matcher(groupId).matches())) {
      errors.add(new FieldProblem("groupId", "is not a task group id"));
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      errors.add(new FieldProblem("pageSize", "must be between 1 and " + MAX_PAGE_SIZE));
    }
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> tasks.list(tenant, query, pageSize, pageToken)));
  }

  @GetMapping("/stats")
  public Mono<TaskStats> stats() {
    return Tenancy.current().flatMap(tenant -> blocking.call(() -> tasks.stats(tenant)));
  }

  @RequestMapping(
      path = "/{id}/cancel",
      method = {RequestMethod.POST, RequestMethod.PATCH})
  public Mono<ResponseEntity<TaskView>> cancel(
      @PathVariable String id, @RequestParam(defaultValue = "false") boolean force) {
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> tasks.cancel(tenant, id, force)))
        .map(task -> ResponseEntity.accepted().body(task));
  }

  @PostMapping("/{id}/execute")
  public Mono<ResponseEntity<TaskView>> execute(@PathVariable String id) {
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> tasks.execute(tenant, id)))
        .map(task -> ResponseEntity.accepted().body(task));
  }

  /**
   * 202: Temporal deletes asynchronously, so the task may still be readable for a short while
   * (usually well under a minute) before it answers 404.
   */
  @DeleteMapping("/{id}")
  public Mono<ResponseEntity<Void>> delete(
      @PathVariable String id, @RequestParam(defaultValue = "false") boolean force) {
    return Tenancy.current()
        .flatMap(tenant -> blocking.run(() -> tasks.delete(tenant, id, force)))
        .then(Mono.just(ResponseEntity.accepted().build()));
  }

  @GetMapping("/{id}/artifacts/{name}")
  public Mono<ResponseEntity<Resource>> artifact(
      @PathVariable String id, @PathVariable String name) {
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> tasks.artifact(tenant, id, name)))
        .map(
            file ->
                ResponseEntity.ok()
                    .contentType(
                        MediaTypeFactory.getMediaType(name)
                            .orElse(MediaType.APPLICATION_OCTET_STREAM))
                    .header(
                        "Content-Disposition",
                        ContentDisposition.attachment().filename(name).build().toString())
                    .body(new FileSystemResource(file)));
  }

  private static <E extends Enum<E>> E parseEnum(
      Class<E> type, String field, String value, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      errors.add(new FieldProblem(field, "must be one of " + List.of(type.getEnumConstants())));
      return null;
    }
  }
}

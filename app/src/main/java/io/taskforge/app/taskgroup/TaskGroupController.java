package io.taskforge.app.taskgroup;

import io.taskforge.app.security.Tenancy;
import io.taskforge.app.web.Blocking;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import io.taskforge.app.web.RequestChecks;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/task-groups}: submit, read, list, cancel, draw and retry task groups. */
@RestController
@RequestMapping("/api/v1/task-groups")
public class TaskGroupController {
  static final int MAX_PAGE_SIZE = 1000;

  private final TaskGroupService groups;
  private final TaskGroupRequestMapper mapper;
  private final Blocking blocking;

  public TaskGroupController(
      TaskGroupService groups, TaskGroupRequestMapper mapper, Blocking blocking) {
    this.groups = groups;
    this.mapper = mapper;
    this.blocking = blocking;
  }

  /**
   * 202 with the new group, or 200 with the existing one when an {@code Idempotency-Key} repeats an
   * earlier request. An invalid group is refused with 422 naming every offending field.
   */
  @PostMapping
  public Mono<ResponseEntity<TaskGroupView>> submit(
      @RequestBody SubmitTaskGroupRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    RequestChecks.checkIdempotencyKey(idempotencyKey);
    String hash = RequestChecks.requestHash(request);
    return Tenancy.current()
        .flatMap(
            tenant -> {
              TaskGroupRequestMapper.ValidGroup group = mapper.map(request, tenant);
              return blocking.submit(() -> groups.submit(tenant, group, idempotencyKey, hash));
            })
        .map(
            submitted ->
                ResponseEntity.status(submitted.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                    .location(URI.create("/api/v1/task-groups/" + submitted.group().id()))
                    .body(submitted.group()));
  }

  @GetMapping("/{id}")
  public Mono<TaskGroupView> get(@PathVariable String id) {
    return Tenancy.current().flatMap(tenant -> blocking.call(() -> groups.get(tenant, id)));
  }

  @GetMapping
  public Mono<TaskGroupPage> list(
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String createdAfter,
      @RequestParam(required = false) String createdBefore,
      @RequestParam(defaultValue = "50") int pageSize,
      @RequestParam(required = false) String pageToken) {
    List<FieldProblem> errors = new ArrayList<>();
    TaskGroupQuery query =
        new TaskGroupQuery(
            status(status, errors),
            RequestChecks.instant("createdAfter", createdAfter, errors),
            RequestChecks.instant("createdBefore", createdBefore, errors));
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      errors.add(new FieldProblem("pageSize", "must be between 1 and " + MAX_PAGE_SIZE));
    }
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> groups.list(tenant, query, pageSize, pageToken)));
  }

  /** 202: the group cancels its running tasks and skips the rest, then ends CANCELLED. */
  @PostMapping("/{id}/cancel")
  public Mono<ResponseEntity<TaskGroupView>> cancel(@PathVariable String id) {
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> groups.cancel(tenant, id)))
        .map(group -> ResponseEntity.accepted().body(group));
  }

  /** The DAG as Mermaid ({@code format=mermaid}, the default) or Graphviz DOT ({@code dot}). */
  @GetMapping(path = "/{id}/graph", produces = MediaType.TEXT_PLAIN_VALUE)
  public Mono<String> graph(
      @PathVariable String id, @RequestParam(defaultValue = "mermaid") String format) {
    String chosen = format.trim().toLowerCase(Locale.ROOT);
    if (!chosen.equals("mermaid") && !chosen.equals("dot")) {
      throw Problems.invalid("format", "must be mermaid or dot");
    }
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> groups.get(tenant, id)))
        .map(
            group ->
                chosen.equals("dot") ? GraphRenderer.dot(group) : GraphRenderer.mermaid(group));
  }

  /**
   * 202: a new run of the closed group reruns only the failed items of expanded task {@code name},
   * keeping what completed.
   */
  @PostMapping("/{id}/tasks/{name}/retry-failed")
  public Mono<ResponseEntity<TaskGroupView>> retryFailed(
      @PathVariable String id, @PathVariable String name) {
    return Tenancy.current()
        .flatMap(tenant -> blocking.submit(() -> groups.retryFailed(tenant, id, name)))
        .map(
            group ->
                ResponseEntity.accepted()
                    .location(URI.create("/api/v1/task-groups/" + id))
                    .body(group));
  }

  /** An artifact of a group's task; the only way to an expansion's artifacts (merged outputs). */
  @GetMapping("/{id}/tasks/{name}/artifacts/{file}")
  public Mono<ResponseEntity<Resource>> artifact(
      @PathVariable String id, @PathVariable String name, @PathVariable String file) {
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> groups.artifact(tenant, id, name, file)))
        .map(
            path ->
                ResponseEntity.ok()
                    .contentType(
                        MediaTypeFactory.getMediaType(file)
                            .orElse(MediaType.APPLICATION_OCTET_STREAM))
                    .header(
                        "Content-Disposition",
                        ContentDisposition.attachment().filename(file).build().toString())
                    .body(new FileSystemResource(path)));
  }

  private static TaskStatus status(String value, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return TaskStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      errors.add(
          new FieldProblem(
              "status", "must be one of PENDING, RUNNING, COMPLETED, FAILED, CANCELLED"));
      return null;
    }
  }
}

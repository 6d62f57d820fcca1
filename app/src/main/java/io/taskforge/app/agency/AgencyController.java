package io.taskforge.app.agency;

import io.taskforge.app.security.Tenancy;
import io.taskforge.app.web.Blocking;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import io.taskforge.workflows.agency.AgencyGroupSpec;
import io.taskforge.workflows.task.TaskStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/agencies}: submit, read, list and cancel agencies; add context and groups to a
 * running one, and close a keepOpen one. Events: {@code GET /api/v1/agencies/{id}/events}.
 */
@RestController
@RequestMapping("/api/v1/agencies")
public class AgencyController {
  static final int MAX_PAGE_SIZE = 1000;

  private final AgencyService agencies;
  private final AgencyRequestMapper mapper;
  private final Blocking blocking;

  public AgencyController(AgencyService agencies, AgencyRequestMapper mapper, Blocking blocking) {
    this.agencies = agencies;
    this.mapper = mapper;
    this.blocking = blocking;
  }

  /** 202 with the new agency; an invalid one is refused with 422 naming every offending field. */
  @PostMapping
  public Mono<ResponseEntity<AgencyView>> submit(@RequestBody SubmitAgencyRequest request) {
    return Tenancy.current()
        .flatMap(
            tenant -> {
              AgencyRequestMapper.ValidAgency agency = mapper.map(request, tenant);
              return blocking.submit(() -> agencies.submit(tenant, agency));
            })
        .map(
            view ->
                ResponseEntity.status(HttpStatus.ACCEPTED)
                    .location(URI.create("/api/v1/agencies/" + view.id()))
                    .body(view));
  }

  @GetMapping("/{id}")
  public Mono<AgencyView> get(@PathVariable String id) {
    return Tenancy.current().flatMap(tenant -> blocking.call(() -> agencies.get(tenant, id)));
  }

  @GetMapping
  public Mono<AgencyPage> list(
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "50") int pageSize,
      @RequestParam(required = false) String pageToken) {
    List<FieldProblem> errors = new ArrayList<>();
    TaskStatus parsed = null;
    if (status != null && !status.isBlank()) {
      try {
        parsed = TaskStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        errors.add(
            new FieldProblem(
                "status", "must be one of PENDING, RUNNING, COMPLETED, FAILED, CANCELLED"));
      }
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      errors.add(new FieldProblem("pageSize", "must be between 1 and " + MAX_PAGE_SIZE));
    }
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    TaskStatus filter = parsed;
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> agencies.list(tenant, filter, pageSize, pageToken)));
  }

  /** 202: every running group is cancelled, the rest skipped; then the agency ends CANCELLED. */
  @PostMapping("/{id}/cancel")
  public Mono<ResponseEntity<AgencyView>> cancel(@PathVariable String id) {
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> agencies.cancel(tenant, id)))
        .map(v -> ResponseEntity.accepted().body(v));
  }

  /**
   * Adds keys to the context of a running agency (the body is an object of keys). 200 with what was
   * added and what conflicted: a key that already holds a different value keeps it.
   */
  @PostMapping("/{id}/context")
  public Mono<ContextUpdateView> addContext(
      @PathVariable String id, @RequestBody Map<String, Object> values) {
    List<FieldProblem> errors = new ArrayList<>();
    if (values == null || values.isEmpty()) {
      errors.add(new FieldProblem("body", "must hold at least one key"));
    } else {
      AgencyRequestMapper.checkContext("body", values, errors);
    }
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> agencies.addContext(tenant, id, values)));
  }

  /** 202: the group starts once what it waits for is there. */
  @PostMapping("/{id}/groups")
  public Mono<ResponseEntity<AgencyView>> addGroup(
      @PathVariable String id, @RequestBody AgencyGroupRequest request) {
    return Tenancy.current()
        .flatMap(
            tenant -> {
              AgencyGroupSpec group = mapper.mapGroup(request, tenant);
              return blocking.call(() -> agencies.addGroup(tenant, id, group));
            })
        .map(v -> ResponseEntity.accepted().body(v));
  }

  /** 202: a keepOpen agency takes no more groups and ends once its groups have ended. */
  @PostMapping("/{id}/close")
  public Mono<ResponseEntity<AgencyView>> close(@PathVariable String id) {
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> agencies.close(tenant, id)))
        .map(v -> ResponseEntity.accepted().body(v));
  }
}

package io.taskforge.app.schedule;

import io.taskforge.app.security.Tenancy;
import io.taskforge.app.web.Blocking;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/schedules}: run a task or task group on a cron expression or an interval, on
 * Temporal Schedules (so the Web UI and {@code temporal schedule} see and control them too).
 */
@RestController
@RequestMapping("/api/v1/schedules")
public class ScheduleController {
  static final int MAX_PAGE_SIZE = 1000;

  private final ScheduleService schedules;
  private final ScheduleRequestMapper mapper;
  private final Blocking blocking;

  public ScheduleController(
      ScheduleService schedules, ScheduleRequestMapper mapper, Blocking blocking) {
    this.schedules = schedules;
    this.mapper = mapper;
    this.blocking = blocking;
  }

  /** 201 with the new schedule; 422 naming every invalid field; 409 when the id is taken. */
  @PostMapping
  public Mono<ResponseEntity<ScheduleView>> create(@RequestBody CreateScheduleRequest request) {
    return Tenancy.current()
        .flatMap(
            tenant -> {
              ScheduleRequestMapper.ValidSchedule schedule = mapper.map(request, tenant);
              return blocking.call(() -> schedules.create(tenant, schedule));
            })
        .map(
            view ->
                ResponseEntity.created(URI.create("/api/v1/schedules/" + view.id())).body(view));
  }

  @GetMapping("/{id}")
  public Mono<ScheduleView> get(@PathVariable String id) {
    return Tenancy.current().flatMap(tenant -> blocking.call(() -> schedules.get(tenant, id)));
  }

  /**
   * Taskforge's schedules, optionally of one task type ({@code task_group} for groups) or paused
   * state. Temporal lists them from its visibility store, so a new schedule appears within moments.
   */
  @GetMapping
  public Mono<SchedulePage> list(
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String paused,
      @RequestParam(defaultValue = "50") int pageSize,
      @RequestParam(required = false) String pageToken) {
    List<FieldProblem> errors = new ArrayList<>();
    if (type != null && !ScheduleRequestMapper.ID.matcher(type).matches()) {
      errors.add(new FieldProblem("type", "is not a task type name"));
    }
    Boolean pausedFilter = null;
    if (paused != null) {
      switch (paused.trim().toLowerCase(Locale.ROOT)) {
        case "true" -> pausedFilter = true;
        case "false" -> pausedFilter = false;
        default -> errors.add(new FieldProblem("paused", "must be true or false"));
      }
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      errors.add(new FieldProblem("pageSize", "must be between 1 and " + MAX_PAGE_SIZE));
    }
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    Boolean filter = pausedFilter;
    return Tenancy.current()
        .flatMap(
            tenant ->
                blocking.call(() -> schedules.list(tenant, type, filter, pageSize, pageToken)));
  }

  /** Replaces the action, the spec or policy fields; the paused state stays. */
  @PatchMapping("/{id}")
  public Mono<ScheduleView> update(
      @PathVariable String id, @RequestBody UpdateScheduleRequest request) {
    return Tenancy.current()
        .flatMap(
            tenant -> {
              ScheduleRequestMapper.ValidUpdate update = mapper.map(id, request, tenant);
              return blocking.call(() -> schedules.update(tenant, id, update));
            });
  }

  /** 204; the tasks and groups it started stay. */
  @DeleteMapping("/{id}")
  public Mono<ResponseEntity<Void>> delete(@PathVariable String id) {
    return Tenancy.current()
        .flatMap(tenant -> blocking.run(() -> schedules.delete(tenant, id)))
        .then(Mono.just(ResponseEntity.noContent().build()));
  }

  @PostMapping("/{id}/pause")
  public Mono<ScheduleView> pause(
      @PathVariable String id, @RequestBody(required = false) ScheduleCommands.Note request) {
    String note = mapper.note(request);
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> schedules.pause(tenant, id, note)));
  }

  @PostMapping("/{id}/resume")
  public Mono<ScheduleView> resume(
      @PathVariable String id, @RequestBody(required = false) ScheduleCommands.Note request) {
    String note = mapper.note(request);
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> schedules.resume(tenant, id, note)));
  }

  /** 202: Temporal starts the run moments later, even while the schedule is paused. */
  @PostMapping("/{id}/trigger")
  public Mono<ResponseEntity<ScheduleView>> trigger(
      @PathVariable String id, @RequestBody(required = false) ScheduleCommands.Trigger request) {
    var overlap = mapper.trigger(request);
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> schedules.trigger(tenant, id, overlap)))
        .map(view -> ResponseEntity.status(HttpStatus.ACCEPTED).body(view));
  }

  /**
   * 202: Temporal starts the runs the spec gives between start and end moments later, even while
   * the schedule is paused.
   */
  @PostMapping("/{id}/backfill")
  public Mono<ResponseEntity<ScheduleView>> backfill(
      @PathVariable String id, @RequestBody(required = false) ScheduleCommands.Backfill request) {
    ScheduleRequestMapper.ValidBackfill backfill = mapper.backfill(request);
    return Tenancy.current()
        .flatMap(tenant -> blocking.call(() -> schedules.backfill(tenant, id, backfill)))
        .map(view -> ResponseEntity.status(HttpStatus.ACCEPTED).body(view));
  }
}

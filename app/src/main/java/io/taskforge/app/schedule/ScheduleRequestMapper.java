package io.taskforge.app.schedule;

import io.taskforge.app.task.SubmitTaskRequest;
import io.taskforge.app.task.TaskRequestValidator;
import io.taskforge.app.taskgroup.SubmitTaskGroupRequest;
import io.taskforge.app.taskgroup.TaskGroupRequestMapper;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import io.taskforge.app.web.RequestChecks;
import io.taskforge.workflows.tasktype.Durations;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Checks schedule requests and turns them into what Temporal takes. The action is checked by the
 * task or group API's own validation, its problems named under {@code action.task.} or {@code
 * action.taskGroup.}; the spec, policy and state here. Every problem is reported at once; nothing
 * invalid reaches Temporal.
 */
@Component
public class ScheduleRequestMapper {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");
  static final int MAX_ID = 200;
  static final int MAX_DESCRIPTION = 2000;
  static final int MAX_NOTE = 1000;
  static final int MAX_CRON = 20;
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  static final Duration MIN_CATCHUP_WINDOW = Duration.ofSeconds(10);
  static final Duration MAX_DURATION = Duration.ofDays(3650);

  /**
   * What Temporal appends to the action's workflow id for each run: {@code -2026-01-31T03:00:00Z}.
   */
  static final int RUN_SUFFIX = "-2026-01-31T03:00:00Z".length();

  private final TaskRequestValidator tasks;
  private final TaskGroupRequestMapper groups;

  public ScheduleRequestMapper(TaskRequestValidator tasks, TaskGroupRequestMapper groups) {
    this.tasks = tasks;
    this.groups = groups;
  }

  /**
   * A checked action: a task or a group (exactly one), and the id its runs' ids start with.
   *
   * @param workflowIdPrefix each run's workflow id is this plus {@code -<scheduled time>}
   */
  public record ValidAction(
      String workflowIdPrefix,
      TaskRequestValidator.ValidTask task,
      TaskGroupRequestMapper.ValidGroup group) {
    public ValidAction {
      Objects.requireNonNull(workflowIdPrefix);
      if ((task == null) == (group == null)) {
        throw new IllegalArgumentException("exactly one of task and group");
      }
    }
  }

  /** A checked schedule, ready to create. */
  public record ValidSchedule(
      String id,
      String description,
      ValidAction action,
      ScheduleSpec spec,
      SchedulePolicy policy,
      ScheduleState state) {}

  /** A checked update; null parts stay as they are. */
  public record ValidUpdate(ValidAction action, ScheduleSpec spec, PolicyChange policy) {}

  /** Policy fields to change; null ones stay as they are. */
  public record PolicyChange(
      ScheduleOverlapPolicy overlap, Duration catchupWindow, Boolean pauseOnFailure) {
    SchedulePolicy applyTo(SchedulePolicy current) {
      SchedulePolicy.Builder policy =
          current == null ? SchedulePolicy.newBuilder() : SchedulePolicy.newBuilder(current);
      if (overlap != null) {
        policy.setOverlap(overlap);
      }
      if (catchupWindow != null) {
        policy.setCatchupWindow(catchupWindow);
      }
      if (pauseOnFailure != null) {
        policy.setPauseOnFailure(pauseOnFailure);
      }
      return policy.build();
    }
  }

  /** A checked backfill. */
  public record ValidBackfill(Instant start, Instant end, ScheduleOverlapPolicy overlap) {}

  public ValidSchedule map(CreateScheduleRequest request) {
    if (request == null) {
      throw Problems.invalid("body", "is required");
    }
    List<FieldProblem> errors = new ArrayList<>();
    if (request.id() != null) {
      checkId(request.id(), errors);
    }
    String id = request.id() != null ? request.id() : generatedId();
    RequestChecks.checkLength("description", request.description(), MAX_DESCRIPTION, errors);
    ValidAction action = action(request.action(), id, "id", errors);
    ScheduleSpec spec = spec(request.spec(), errors);
    PolicyChange policy = policy(request.policy(), errors);
    ScheduleState state = state(request.state(), errors);
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    return new ValidSchedule(
        id,
        request.description(),
        action,
        spec,
        policy.applyTo(SchedulePolicy.newBuilder().build()),
        state);
  }

  public ValidUpdate map(String id, UpdateScheduleRequest request) {
    if (request == null
        || (request.action() == null && request.spec() == null && request.policy() == null)) {
      throw Problems.invalid("body", "must change at least one of action, spec and policy");
    }
    List<FieldProblem> errors = new ArrayList<>();
    ValidAction action =
        request.action() == null ? null : action(request.action(), id, "id", errors);
    ScheduleSpec spec = request.spec() == null ? null : spec(request.spec(), errors);
    PolicyChange policy = request.policy() == null ? null : policy(request.policy(), errors);
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    return new ValidUpdate(action, spec, policy);
  }

  /** The overlap policy a trigger asks for; unspecified means the schedule's own. */
  public ScheduleOverlapPolicy trigger(ScheduleCommands.Trigger request) {
    ScheduleOverlapPolicy overlap = overlap(request == null ? null : request.overlap());
    if (overlap == null) {
      throw Problems.invalid(List.of(overlapProblem("overlap")));
    }
    return overlap;
  }

  public ValidBackfill backfill(ScheduleCommands.Backfill request) {
    if (request == null) {
      throw Problems.invalid("body", "is required: start and end");
    }
    List<FieldProblem> errors = new ArrayList<>();
    Instant start = requiredInstant("start", request.start(), errors);
    Instant end = requiredInstant("end", request.end(), errors);
    if (start != null && end != null && !end.isAfter(start)) {
      errors.add(new FieldProblem("end", "must be after start"));
    }
    ScheduleOverlapPolicy overlap = overlap(request.overlap());
    if (overlap == null) {
      errors.add(overlapProblem("overlap"));
    }
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    return new ValidBackfill(start, end, overlap);
  }

  /** The note of a pause or resume; null when none was given. */
  public String note(ScheduleCommands.Note request) {
    String note = request == null ? null : request.note();
    List<FieldProblem> errors = new ArrayList<>();
    RequestChecks.checkLength("note", note, MAX_NOTE, errors);
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    return note == null || note.isBlank() ? null : note;
  }

  static void checkId(String id, List<FieldProblem> errors) {
    if (id.length() > MAX_ID) {
      errors.add(new FieldProblem("id", "must be at most " + MAX_ID + " characters"));
    } else if (!ID.matcher(id).matches()) {
      errors.add(
          new FieldProblem(
              "id", "may contain only letters, digits and . _ : - and must start with one"));
    }
  }

  /** Short enough to prefix a group's runs' ids, random enough for schedules people create. */
  private static String generatedId() {
    byte[] random = new byte[6];
    ThreadLocalRandom.current().nextBytes(random);
    return "schedule-" + HexFormat.of().formatHex(random);
  }

  private ValidAction action(
      CreateScheduleRequest.Action action,
      String scheduleId,
      String scheduleIdField,
      List<FieldProblem> errors) {
    if (action == null || (action.task() == null) == (action.taskGroup() == null)) {
      errors.add(
          new FieldProblem(
              "action",
              "must hold exactly one of task (a POST /api/v1/tasks body) and taskGroup (a POST"
                  + " /api/v1/task-groups body)"));
      return null;
    }
    if (action.task() != null) {
      return taskAction(action.task(), scheduleId, scheduleIdField, errors);
    }
    return groupAction(action.taskGroup(), scheduleId, scheduleIdField, errors);
  }

  private ValidAction taskAction(
      SubmitTaskRequest task,
      String scheduleId,
      String scheduleIdField,
      List<FieldProblem> errors) {
    if (task.startAt() != null) {
      errors.add(
          new FieldProblem(
              "action.task.startAt", "cannot be set on a scheduled task: the schedule says when"));
    }
    if (task.dependencies() != null && !task.dependencies().isEmpty()) {
      errors.add(
          new FieldProblem(
              "action.task.dependencies",
              "cannot be set on a scheduled task; schedule a task group to order tasks"));
    }
    String prefix = task.id() != null ? task.id() : scheduleId;
    String prefixField = task.id() != null ? "action.task.id" : scheduleIdField;
    checkPrefix(prefix, prefixField, TaskRequestValidator.MAX_ID, "task", errors);
    try {
      return new ValidAction(prefix, tasks.validate(task), null);
    } catch (ErrorResponseException e) {
      errors.addAll(prefixed("action.task.", e));
      return null;
    }
  }

  private ValidAction groupAction(
      SubmitTaskGroupRequest group,
      String scheduleId,
      String scheduleIdField,
      List<FieldProblem> errors) {
    String prefix = group.id() != null ? group.id() : scheduleId;
    String prefixField = group.id() != null ? "action.taskGroup.id" : scheduleIdField;
    checkPrefix(prefix, prefixField, TaskGroupRequestMapper.MAX_GROUP_ID, "task group", errors);
    try {
      return new ValidAction(prefix, null, groups.map(group));
    } catch (ErrorResponseException e) {
      errors.addAll(prefixed("action.taskGroup.", e));
      return null;
    }
  }

  /** Room for the scheduled time Temporal appends, within the task or group id limit. */
  private static void checkPrefix(
      String prefix, String field, int maxId, String what, List<FieldProblem> errors) {
    int max = maxId - RUN_SUFFIX;
    if (prefix.length() > max) {
      errors.add(
          new FieldProblem(
              field,
              "must be at most "
                  + max
                  + " characters: each run's "
                  + what
                  + " id is it plus the scheduled time ("
                  + RUN_SUFFIX
                  + " characters)"));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<FieldProblem> prefixed(String prefix, ErrorResponseException e) {
    ProblemDetail body = e.getBody();
    Object errors = body.getProperties() == null ? null : body.getProperties().get("errors");
    if (errors instanceof List<?> list) {
      return ((List<FieldProblem>) list)
          .stream().map(p -> new FieldProblem(prefix + p.field(), p.message())).toList();
    }
    return List.of(
        new FieldProblem(
            prefix.substring(0, prefix.length() - 1), String.valueOf(body.getDetail())));
  }

  static ScheduleSpec spec(CreateScheduleRequest.Spec spec, List<FieldProblem> errors) {
    if (spec == null) {
      errors.add(new FieldProblem("spec", "is required: cron or interval"));
      return null;
    }
    List<String> cron = spec.cron() == null ? List.of() : spec.cron();
    if ((cron.isEmpty()) && spec.interval() == null) {
      errors.add(new FieldProblem("spec", "needs cron (one or more expressions) or interval"));
    }
    if (cron.size() > MAX_CRON) {
      errors.add(new FieldProblem("spec.cron", "may hold at most " + MAX_CRON + " expressions"));
      return null;
    }
    String timeZone = spec.timeZone() == null || spec.timeZone().isBlank() ? null : spec.timeZone();
    if (timeZone != null && !CronExpressions.isTimeZone(timeZone)) {
      errors.add(
          new FieldProblem(
              "spec.timeZone", "must be an IANA time zone such as UTC or Europe/Berlin"));
    }
    checkCron(cron, timeZone, errors);
    ScheduleSpec.Builder built =
        ScheduleSpec.newBuilder().setCronExpressions(List.copyOf(cron)).setTimeZoneName(timeZone);
    if (spec.interval() != null) {
      interval(spec.interval(), errors).ifPresent(i -> built.setIntervals(List.of(i)));
    }
    Instant startAt = RequestChecks.instant("spec.startAt", spec.startAt(), errors);
    Instant endAt = RequestChecks.instant("spec.endAt", spec.endAt(), errors);
    if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
      errors.add(new FieldProblem("spec.endAt", "must be after startAt"));
    }
    built.setStartAt(startAt).setEndAt(endAt);
    duration("spec.jitter", spec.jitter(), errors).ifPresent(built::setJitter);
    return built.build();
  }

  /**
   * Each expression valid, and their {@code TZ=} prefixes on all or none of them (as Temporal
   * wants), naming one zone, and {@code timeZone}'s if that is given.
   */
  private static void checkCron(List<String> cron, String timeZone, List<FieldProblem> errors) {
    String zone = timeZone;
    String zoneField = "spec.timeZone";
    int prefixed = 0;
    for (int i = 0; i < cron.size(); i++) {
      String field = "spec.cron[" + i + "]";
      CronExpressions.Checked checked = CronExpressions.check(cron.get(i));
      checked.errors().forEach(error -> errors.add(new FieldProblem(field, error)));
      String own = checked.timeZone();
      if (own == null) {
        continue;
      }
      prefixed++;
      if (zone != null && !zone.equals(own)) {
        errors.add(
            new FieldProblem(
                field, "names time zone " + own + " but " + zoneField + " names " + zone));
      }
      zone = own;
      zoneField = field;
    }
    if (prefixed > 0 && prefixed < cron.size()) {
      errors.add(
          new FieldProblem(
              "spec.cron",
              "must carry a TZ= prefix in all expressions or in none; or use timeZone"));
    }
  }

  private static Optional<ScheduleIntervalSpec> interval(
      CreateScheduleRequest.Interval interval, List<FieldProblem> errors) {
    if (interval.every() == null) {
      errors.add(new FieldProblem("spec.interval.every", "is required, such as 15m or PT1H"));
      return Optional.empty();
    }
    Optional<Duration> every = duration("spec.interval.every", interval.every(), errors);
    Optional<Duration> offset = duration("spec.interval.offset", interval.offset(), errors);
    if (every.isEmpty()) {
      return Optional.empty();
    }
    if (every.get().compareTo(MIN_INTERVAL) < 0) {
      errors.add(new FieldProblem("spec.interval.every", "must be at least 1s"));
      return Optional.empty();
    }
    if (offset.isPresent() && offset.get().compareTo(every.get()) >= 0) {
      errors.add(new FieldProblem("spec.interval.offset", "must be shorter than every"));
      return Optional.empty();
    }
    return Optional.of(new ScheduleIntervalSpec(every.get(), offset.orElse(Duration.ZERO)));
  }

  static PolicyChange policy(CreateScheduleRequest.Policy policy, List<FieldProblem> errors) {
    if (policy == null) {
      return new PolicyChange(null, null, null);
    }
    ScheduleOverlapPolicy overlap = null;
    if (policy.overlap() != null) {
      overlap = overlap(policy.overlap());
      if (overlap == null || overlap == ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED) {
        errors.add(overlapProblem("policy.overlap"));
        overlap = null;
      }
    }
    Duration catchupWindow =
        duration("policy.catchupWindow", policy.catchupWindow(), errors).orElse(null);
    if (catchupWindow != null && catchupWindow.compareTo(MIN_CATCHUP_WINDOW) < 0) {
      errors.add(new FieldProblem("policy.catchupWindow", "must be at least 10s"));
    }
    return new PolicyChange(overlap, catchupWindow, policy.pauseOnFailure());
  }

  private static ScheduleState state(CreateScheduleRequest.State state, List<FieldProblem> errors) {
    if (state == null) {
      return ScheduleState.newBuilder().build();
    }
    RequestChecks.checkLength("state.note", state.note(), MAX_NOTE, errors);
    return ScheduleState.newBuilder()
        .setPaused(Boolean.TRUE.equals(state.paused()))
        .setNote(state.note())
        .build();
  }

  /**
   * SKIP, BUFFER_ONE, ... (any case); absent is unspecified, which Temporal reads as the schedule's
   * own policy (and a schedule's own as SKIP); null when it names none of them.
   */
  static ScheduleOverlapPolicy overlap(String value) {
    if (value == null || value.isBlank()) {
      return ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED;
    }
    return Overlaps.parse(value.trim().toUpperCase(Locale.ROOT)).orElse(null);
  }

  private static FieldProblem overlapProblem(String field) {
    return new FieldProblem(field, "must be one of " + String.join(", ", Overlaps.NAMES));
  }

  private static Optional<Duration> duration(
      String field, String value, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Optional<Duration> parsed = Durations.parse(value);
    if (parsed.isEmpty()) {
      errors.add(new FieldProblem(field, "must be a duration such as PT30S, 30s, 15m, 2h or 1d"));
    } else if (parsed.get().compareTo(MAX_DURATION) > 0) {
      errors.add(new FieldProblem(field, "must be at most 3650 days"));
      return Optional.empty();
    }
    return parsed;
  }

  private static Instant requiredInstant(String field, String value, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      errors.add(new FieldProblem(field, "is required, an ISO-8601 instant"));
      return null;
    }
    return RequestChecks.instant(field, value, errors);
  }
}

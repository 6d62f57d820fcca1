package io.taskforge.app.schedule;

import io.taskforge.app.task.SubmitTaskRequest;
import io.taskforge.app.task.TaskRequestValidator;
import io.taskforge.app.taskgroup.SubmitTaskGroupRequest;
import io.taskforge.app.taskgroup.TaskGroupRequestMapper;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import io.taskforge.app.web.RequestChecks;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
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

  /** {@code tenant} owns the schedule: the egress policy checks its actions' URLs for it. */
  public ValidSchedule map(CreateScheduleRequest request, String tenant) {
    if (request == null) {
      throw Problems.invalid("body", "is required");
    }
    List<FieldProblem> errors = new ArrayList<>();
    if (request.id() != null) {
      checkId(request.id(), errors);
    }
    String id = request.id() != null ? request.id() : generatedId();
    RequestChecks.checkLength("description", request.description(), MAX_DESCRIPTION, errors);
    ValidAction action = action(request.action(), id, "id", tenant, errors);
    ScheduleSpec spec = ScheduleSpecs.spec(request.spec(), errors);
    PolicyChange policy = ScheduleSpecs.policy(request.policy(), errors);
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

  public ValidUpdate map(String id, UpdateScheduleRequest request, String tenant) {
    if (request == null
        || (request.action() == null && request.spec() == null && request.policy() == null)) {
      throw Problems.invalid("body", "must change at least one of action, spec and policy");
    }
    List<FieldProblem> errors = new ArrayList<>();
    ValidAction action =
        request.action() == null ? null : action(request.action(), id, "id", tenant, errors);
    ScheduleSpec spec = request.spec() == null ? null : ScheduleSpecs.spec(request.spec(), errors);
    PolicyChange policy =
        request.policy() == null ? null : ScheduleSpecs.policy(request.policy(), errors);
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    return new ValidUpdate(action, spec, policy);
  }

  /** The overlap policy a trigger asks for; unspecified means the schedule's own. */
  public ScheduleOverlapPolicy trigger(ScheduleCommands.Trigger request) {
    ScheduleOverlapPolicy overlap =
        ScheduleSpecs.overlap(request == null ? null : request.overlap());
    if (overlap == null) {
      throw Problems.invalid(List.of(ScheduleSpecs.overlapProblem("overlap")));
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
    ScheduleOverlapPolicy overlap = ScheduleSpecs.overlap(request.overlap());
    if (overlap == null) {
      errors.add(ScheduleSpecs.overlapProblem("overlap"));
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
      String tenant,
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
      return taskAction(action.task(), scheduleId, scheduleIdField, tenant, errors);
    }
    return groupAction(action.taskGroup(), scheduleId, scheduleIdField, tenant, errors);
  }

  private ValidAction taskAction(
      SubmitTaskRequest task,
      String scheduleId,
      String scheduleIdField,
      String tenant,
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
      return new ValidAction(prefix, tasks.validate(task, tenant), null);
    } catch (ErrorResponseException e) {
      errors.addAll(prefixed("action.task.", e));
      return null;
    }
  }

  private ValidAction groupAction(
      SubmitTaskGroupRequest group,
      String scheduleId,
      String scheduleIdField,
      String tenant,
      List<FieldProblem> errors) {
    String prefix = group.id() != null ? group.id() : scheduleId;
    String prefixField = group.id() != null ? "action.taskGroup.id" : scheduleIdField;
    checkPrefix(prefix, prefixField, TaskGroupRequestMapper.MAX_GROUP_ID, "task group", errors);
    try {
      return new ValidAction(prefix, null, groups.map(group, tenant));
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

  private static Instant requiredInstant(String field, String value, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      errors.add(new FieldProblem(field, "is required, an ISO-8601 instant"));
      return null;
    }
    return RequestChecks.instant(field, value, errors);
  }
}

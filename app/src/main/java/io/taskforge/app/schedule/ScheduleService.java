package io.taskforge.app.schedule;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.security.Tenancy;
import io.taskforge.app.task.TaskService;
import io.taskforge.app.taskgroup.TaskGroupService;
import io.taskforge.app.web.Problems;
import io.taskforge.app.web.Visibility;
import io.taskforge.workflows.task.TaskWorkflow;
import io.taskforge.workflows.taskgroup.TaskGroupInput;
import io.taskforge.workflows.taskgroup.TaskGroupWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.workflowservice.v1.DescribeScheduleRequest;
import io.temporal.api.workflowservice.v1.DescribeScheduleResponse;
import io.temporal.api.workflowservice.v1.ListSchedulesRequest;
import io.temporal.api.workflowservice.v1.ListSchedulesResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleUpdate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Everything the schedule API does to Temporal Schedules. Changes go through the SDK's {@link
 * ScheduleClient}; reads are Temporal's describe and list answers (see {@link ScheduleViews}).
 * Every method blocks: callers run it off the event loop (see {@link
 * io.taskforge.app.web.Blocking}).
 */
@Service
public class ScheduleService {
  private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);
  static final String DEFAULT_PAUSE_NOTE = "paused through the Taskforge API";
  static final String DEFAULT_RESUME_NOTE = "resumed through the Taskforge API";

  private final ScheduleClient schedules;
  private final WorkflowClient client;
  private final TaskService tasks;
  private final TaskGroupService groups;
  private final ScheduleViews views;

  public ScheduleService(TemporalApiClient temporal, TaskService tasks, TaskGroupService groups) {
    this.schedules = temporal.schedules();
    this.client = temporal.workflows();
    this.tasks = tasks;
    this.groups = groups;
    this.views = new ScheduleViews(client.getOptions().getDataConverter());
  }

  /**
   * Creates the tenant's schedule; 409 when the tenant has one of that id (schedule ids, like task
   * ids, live in each tenant's own space: see {@link Tenancy#workflowId}). Taskforge's own
   * schedules are created for {@link Tenancy#INTERNAL_TENANT}.
   */
  public ScheduleView create(String tenant, ScheduleRequestMapper.ValidSchedule schedule) {
    String scheduleId = Tenancy.workflowId(tenant, schedule.id());
    Schedule built =
        Schedule.newBuilder()
            .setAction(startWorkflow(tenant, schedule.id(), schedule.action()))
            .setSpec(schedule.spec())
            .setPolicy(schedule.policy())
            .setState(schedule.state())
            .build();
    Map<String, Object> memo = new LinkedHashMap<>();
    if (schedule.description() != null) {
      memo.put(ScheduleViews.MEMO_DESCRIPTION, schedule.description());
    }
    ScheduleOptions options =
        ScheduleOptions.newBuilder()
            .setMemo(memo)
            .setTypedSearchAttributes(ScheduleAttributes.of(schedule.action(), tenant))
            .build();
    try {
      call(schedule.id(), () -> schedules.createSchedule(scheduleId, built, options));
    } catch (ScheduleAlreadyRunningException e) {
      throw Problems.conflict("a schedule with id " + schedule.id() + " already exists");
    }
    log.info(
        "schedule {} created: runs a {} as {}-<scheduled time>",
        scheduleId,
        schedule.action().task() != null
            ? "task of type " + schedule.action().task().type().name()
            : "task group",
        Tenancy.workflowId(tenant, schedule.action().workflowIdPrefix()));
    return get(tenant, schedule.id());
  }

  /**
   * What a run starts: the workflow, input and options of an API-submitted task or group, from the
   * same code, so scheduled runs are tasks and groups like any other. The details (shown in the Web
   * UI) name the schedule; the SDK also needs them to read the action back when updating it (it
   * cannot decode absent details). Runs belong to the schedule's tenant, and a group's expansions
   * carry the tenant's cap.
   */
  private ScheduleActionStartWorkflow startWorkflow(
      String tenant, String scheduleId, ScheduleRequestMapper.ValidAction action) {
    String prefix = Tenancy.workflowId(tenant, action.workflowIdPrefix());
    String details = "Started by Taskforge schedule " + scheduleId + ".";
    if (action.task() != null) {
      return ScheduleActionStartWorkflow.newBuilder()
          .setWorkflowType(TaskWorkflow.class)
          .setArguments(tasks.input(tenant, action.task()))
          .setOptions(
              tasks
                  .startOptions(tenant, prefix, action.task(), null)
                  .setStaticDetails(details)
                  .build())
          .build();
    }
    var group = action.group();
    TaskGroupInput input = groups.withinLimits(tenant, group.input(), "action.taskGroup.");
    return ScheduleActionStartWorkflow.newBuilder()
        .setWorkflowType(TaskGroupWorkflow.class)
        .setArguments(input)
        .setOptions(
            groups
                .startOptions(
                    tenant, prefix, input, TaskGroupService.memo(group, null), group.name())
                .setStaticDetails(details)
                .build())
        .build();
  }

  public ScheduleView get(String tenant, String id) {
    return views.view(tenant, id, describe(tenant, id));
  }

  public SchedulePage list(
      String tenant, String type, Boolean paused, int pageSize, String pageToken) {
    ListSchedulesRequest.Builder request =
        ListSchedulesRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setMaximumPageSize(pageSize)
            .setQuery(ScheduleAttributes.listQuery(tenant, type, paused));
    if (pageToken != null && !pageToken.isBlank()) {
      request.setNextPageToken(Visibility.decodeToken(pageToken));
    }
    ListSchedulesResponse response =
        Visibility.withPageToken(
            pageToken,
            () -> client.getWorkflowServiceStubs().blockingStub().listSchedules(request.build()));
    return new SchedulePage(
        response.getSchedulesList().stream().map(entry -> views.summary(tenant, entry)).toList(),
        Visibility.encodeToken(response.getNextPageToken()));
  }

  /** Replaces what the update names, keeping the rest (and the paused state) as it is. */
  public ScheduleView update(String tenant, String id, ScheduleRequestMapper.ValidUpdate update) {
    describe(tenant, id);
    ScheduleActionStartWorkflow action =
        update.action() == null ? null : startWorkflow(tenant, id, update.action());
    call(
        id,
        () ->
            handle(tenant, id)
                .update(
                    input -> {
                      Schedule current = input.getDescription().getSchedule();
                      Schedule.Builder next = Schedule.newBuilder(current);
                      if (action != null) {
                        next.setAction(action);
                      }
                      if (update.spec() != null) {
                        next.setSpec(update.spec());
                      }
                      if (update.policy() != null) {
                        next.setPolicy(update.policy().applyTo(current.getPolicy()));
                      }
                      return new ScheduleUpdate(
                          next.build(),
                          update.action() == null
                              ? null
                              : ScheduleAttributes.of(update.action(), tenant));
                    }));
    log.info("schedule {} updated", id);
    return get(tenant, id);
  }

  /** Deletes the schedule; the runs it started stay. */
  public void delete(String tenant, String id) {
    describe(tenant, id);
    call(id, () -> handle(tenant, id).delete());
    log.info("schedule {} deleted", id);
  }

  public ScheduleView pause(String tenant, String id, String note) {
    describe(tenant, id);
    call(id, () -> handle(tenant, id).pause(note == null ? DEFAULT_PAUSE_NOTE : note));
    log.info("schedule {} paused", id);
    return get(tenant, id);
  }

  public ScheduleView resume(String tenant, String id, String note) {
    describe(tenant, id);
    call(id, () -> handle(tenant, id).unpause(note == null ? DEFAULT_RESUME_NOTE : note));
    log.info("schedule {} resumed", id);
    return get(tenant, id);
  }

  /** Starts a run now, paused or not; Temporal does it moments after this returns. */
  public ScheduleView trigger(String tenant, String id, ScheduleOverlapPolicy overlap) {
    describe(tenant, id);
    call(id, () -> handle(tenant, id).trigger(overlap));
    log.info("schedule {} triggered (overlap {})", id, overlap);
    return get(tenant, id);
  }

  /** Starts the runs of a past window, paused or not; Temporal does it moments after. */
  public ScheduleView backfill(
      String tenant, String id, ScheduleRequestMapper.ValidBackfill backfill) {
    describe(tenant, id);
    call(
        id,
        () ->
            handle(tenant, id)
                .backfill(
                    List.of(
                        new ScheduleBackfill(
                            backfill.start(), backfill.end(), backfill.overlap()))));
    log.info("schedule {} backfilling {} to {}", id, backfill.start(), backfill.end());
    return get(tenant, id);
  }

  /** Describes a schedule; 404 when there is none, or it is not Taskforge's or the tenant's. */
  DescribeScheduleResponse describe(String tenant, String id) {
    if (!ScheduleRequestMapper.ID.matcher(id).matches()
        || id.length() > ScheduleRequestMapper.MAX_ID) {
      throw Problems.notFound("schedule", id);
    }
    DescribeScheduleResponse described =
        call(
            id,
            () ->
                client
                    .getWorkflowServiceStubs()
                    .blockingStub()
                    .describeSchedule(
                        DescribeScheduleRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setScheduleId(Tenancy.workflowId(tenant, id))
                            .build()));
    if (!ScheduleAttributes.owned(views.keywords(described.getSearchAttributes()), tenant)) {
      throw Problems.notFound("schedule", id);
    }
    return described;
  }

  private ScheduleHandle handle(String tenant, String id) {
    return schedules.getHandle(Tenancy.workflowId(tenant, id));
  }

  private static void call(String id, Runnable call) {
    call(
        id,
        () -> {
          call.run();
          return null;
        });
  }

  /**
   * Runs a Temporal call, turning "no such schedule" into 404 and a spec the server refuses into
   * 422; other failures (Temporal unreachable: 503) go to the API's exception handler.
   */
  private static <T> T call(String id, Supplier<T> call) {
    try {
      return call.get();
    } catch (ScheduleAlreadyRunningException e) {
      throw e;
    } catch (ScheduleException | StatusRuntimeException e) {
      StatusRuntimeException grpc = grpcCause(e);
      if (grpc != null && grpc.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw Problems.notFound("schedule", id);
      }
      if (grpc != null && grpc.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
        throw Problems.invalid("spec", "Temporal refused it: " + grpc.getStatus().getDescription());
      }
      throw e;
    }
  }

  private static StatusRuntimeException grpcCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return grpc;
      }
    }
    return null;
  }
}

package io.taskforge.app.schedule;

import io.taskforge.app.security.Tenancy;
import io.taskforge.workflows.TaskSearchAttributes;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.schedule.v1.IntervalSpec;
import io.temporal.api.schedule.v1.ScheduleActionResult;
import io.temporal.api.schedule.v1.ScheduleInfo;
import io.temporal.api.schedule.v1.ScheduleListEntry;
import io.temporal.api.schedule.v1.ScheduleListInfo;
import io.temporal.api.schedule.v1.SchedulePolicies;
import io.temporal.api.schedule.v1.ScheduleSpec;
import io.temporal.api.workflow.v1.NewWorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeScheduleResponse;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the API's views of a schedule from Temporal's describe and list answers. These are read as
 * protos: they carry what the SDK's schedule types leave out (the runs' status, page tokens).
 */
final class ScheduleViews {
  static final String MEMO_DESCRIPTION = "description";
  static final String TASK_WORKFLOW = "TaskWorkflow";
  static final String GROUP_WORKFLOW = "TaskGroupWorkflow";

  private final DataConverter converter;

  ScheduleViews(DataConverter converter) {
    this.converter = converter;
  }

  /** The tenant's schedule {@code id} (its API id); the ids of its runs are API ids too. */
  ScheduleView view(String tenant, String id, DescribeScheduleResponse described) {
    NewWorkflowExecutionInfo start = described.getSchedule().getAction().getStartWorkflow();
    String workflowType = start.getWorkflowType().getName();
    Map<String, String> actionAttributes = keywords(start.getSearchAttributes());
    ScheduleView.ActionView action =
        new ScheduleView.ActionView(
            kind(workflowType),
            actionAttributes.get(TaskSearchAttributes.TASK_TYPE.getName()),
            start.getUserMetadata().hasSummary()
                ? string(start.getUserMetadata().getSummary())
                : null,
            actionAttributes.get(TaskSearchAttributes.TASK_PRIORITY.getName()),
            Tenancy.apiId(tenant, start.getWorkflowId()),
            start.getTaskQueue().getName());
    SchedulePolicies policies = described.getSchedule().getPolicies();
    ScheduleView.PolicyView policy =
        new ScheduleView.PolicyView(
            Overlaps.name(policies.getOverlapPolicy()),
            policies.hasCatchupWindow() ? duration(policies.getCatchupWindow()) : null,
            policies.getPauseOnFailure());
    ScheduleInfo info = described.getInfo();
    return new ScheduleView(
        id,
        description(described.getMemo()),
        action,
        spec(described.getSchedule().getSpec()),
        policy,
        new ScheduleView.StateView(
            described.getSchedule().getState().getPaused(),
            blankToNull(described.getSchedule().getState().getNotes())),
        new ScheduleView.InfoView(
            info.getActionCount(),
            info.getMissedCatchupWindow(),
            info.getOverlapSkipped(),
            info.hasCreateTime() ? instant(info.getCreateTime()) : null,
            info.hasUpdateTime() ? instant(info.getUpdateTime()) : null),
        info.getFutureActionTimesList().stream().map(ScheduleViews::instant).toList(),
        info.getRecentActionsList().stream().map(r -> run(tenant, r, workflowType)).toList(),
        info.getRunningWorkflowsList().stream()
            .map(
                w -> {
                  String runId = Tenancy.apiId(tenant, w.getWorkflowId());
                  return new ScheduleView.RunView(
                      runId, w.getRunId(), null, null, "RUNNING", link(workflowType, runId));
                })
            .toList());
  }

  ScheduleSummary summary(String tenant, ScheduleListEntry entry) {
    ScheduleListInfo info = entry.getInfo();
    String workflowType = info.getWorkflowType().getName();
    return new ScheduleSummary(
        Tenancy.apiId(tenant, entry.getScheduleId()),
        description(entry.getMemo()),
        kind(workflowType),
        keywords(entry.getSearchAttributes()).get(TaskSearchAttributes.TASK_TYPE.getName()),
        spec(info.getSpec()),
        new ScheduleView.StateView(info.getPaused(), blankToNull(info.getNotes())),
        info.getFutureActionTimesList().stream().map(ScheduleViews::instant).toList(),
        info.getRecentActionsList().stream().map(r -> run(tenant, r, workflowType)).toList());
  }

  static ScheduleView.SpecView spec(ScheduleSpec spec) {
    return new ScheduleView.SpecView(
        spec.getStructuredCalendarList().stream().map(CalendarCron::render).toList(),
        spec.getIntervalList().stream().map(ScheduleViews::interval).toList(),
        blankToNull(spec.getTimezoneName()),
        spec.hasStartTime() ? instant(spec.getStartTime()) : null,
        spec.hasEndTime() ? instant(spec.getEndTime()) : null,
        spec.hasJitter() && !duration(spec.getJitter()).equals(Duration.ZERO.toString())
            ? duration(spec.getJitter())
            : null);
  }

  private static ScheduleView.IntervalView interval(IntervalSpec interval) {
    return new ScheduleView.IntervalView(
        duration(interval.getInterval()), duration(interval.getPhase()));
  }

  private static ScheduleView.RunView run(
      String tenant, ScheduleActionResult result, String workflowType) {
    String workflowId = Tenancy.apiId(tenant, result.getStartWorkflowResult().getWorkflowId());
    WorkflowExecutionStatus status = result.getStartWorkflowStatus();
    return new ScheduleView.RunView(
        workflowId,
        result.getStartWorkflowResult().getRunId(),
        instant(result.getScheduleTime()),
        instant(result.getActualTime()),
        status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED
                || status == WorkflowExecutionStatus.UNRECOGNIZED
            ? null
            : status.name().substring("WORKFLOW_EXECUTION_STATUS_".length()),
        link(workflowType, workflowId));
  }

  static String kind(String workflowType) {
    return switch (workflowType) {
      case TASK_WORKFLOW -> "task";
      case GROUP_WORKFLOW -> "taskGroup";
      default -> workflowType;
    };
  }

  static String link(String workflowType, String workflowId) {
    return switch (workflowType) {
      case TASK_WORKFLOW -> "/api/v1/tasks/" + workflowId;
      case GROUP_WORKFLOW -> "/api/v1/task-groups/" + workflowId;
      default -> null;
    };
  }

  /** The keyword (string) search attributes; others are left out. */
  Map<String, String> keywords(SearchAttributes attributes) {
    Map<String, String> keywords = new LinkedHashMap<>();
    attributes
        .getIndexedFieldsMap()
        .forEach(
            (name, payload) -> {
              String value = keyword(payload);
              if (value != null) {
                keywords.put(name, value);
              }
            });
    return keywords;
  }

  private String keyword(Payload payload) {
    try {
      Object value = converter.fromPayload(payload, Object.class, Object.class);
      if (value instanceof String text) {
        return text;
      }
      if (value instanceof List<?> list
          && list.size() == 1
          && list.getFirst() instanceof String s) {
        return s;
      }
      return null;
    } catch (DataConverterException e) {
      return null;
    }
  }

  private String description(Memo memo) {
    Payload payload = memo.getFieldsMap().get(MEMO_DESCRIPTION);
    return payload == null ? null : string(payload);
  }

  private String string(Payload payload) {
    try {
      return converter.fromPayload(payload, String.class, String.class);
    } catch (DataConverterException e) {
      return null;
    }
  }

  private static String duration(com.google.protobuf.Duration duration) {
    return Duration.ofSeconds(duration.getSeconds(), duration.getNanos()).toString();
  }

  private static Instant instant(com.google.protobuf.Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}

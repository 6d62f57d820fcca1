package io.taskforge.app.agency;

import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.security.Tenancy;
import io.taskforge.app.task.TaskStatuses;
import io.taskforge.app.task.TaskView;
import io.taskforge.app.web.Problems;
import io.taskforge.app.web.WorkflowLookup;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.agency.AgencyInput;
import io.taskforge.workflows.agency.AgencyState;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskStatus;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads an agency from Temporal: the description, the state (the {@code state} query while open;
 * the close event once closed) and, failing both, what its input says. Blocking; callers run it off
 * the event loop.
 */
@Component
public class AgencyReader {
  private static final Logger log = LoggerFactory.getLogger(AgencyReader.class);
  static final String WORKFLOW_TYPE = "AgencyWorkflow";
  static final String MEMO_NAME = "name";
  static final String MEMO_DESCRIPTION = "description";
  static final String MEMO_METADATA = "metadata";

  private final WorkflowClient client;
  private final DataConverter converter;

  public AgencyReader(TemporalApiClient temporal) {
    this.client = temporal.workflows();
    this.converter = client.getOptions().getDataConverter();
  }

  /**
   * Describes an agency's workflow (its latest run); 404 when there is none, it is no agency, or
   * not the tenant's.
   */
  public WorkflowExecutionDescription describe(String tenant, String id) {
    if (id == null || id.length() > 64 || !id.matches("[A-Za-z0-9][A-Za-z0-9._:-]*")) {
      throw Problems.notFound("agency", id);
    }
    return WorkflowLookup.describe(client, tenant, id, WORKFLOW_TYPE, "agency");
  }

  static boolean isOpen(WorkflowExecutionDescription description) {
    return description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  /** The tenant's agency as the API shows it, every id in it an API id. */
  public AgencyView read(String tenant, WorkflowExecutionDescription description) {
    return view(
        tenant, description, state(description.getExecution().getWorkflowId(), description));
  }

  /** The view of an agency that has just been started, without asking its workflow. */
  public AgencyView initial(
      String tenant, WorkflowExecutionDescription description, AgencyInput in) {
    return view(tenant, description, AgencyViews.initialState(in, TaskStatus.PENDING));
  }

  /** The agency's state; {@code id} is its workflow id. */
  public AgencyState state(String id, WorkflowExecutionDescription description) {
    String runId = description.getExecution().getRunId();
    TaskStatus status =
        TaskStatuses.of(
            description.getStatus(),
            description.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_STATUS));
    if (isOpen(description)) {
      return queried(id, runId).orElseGet(() -> AgencyViews.initialState(input(id, runId), status));
    }
    HistoryEvent close =
        event(id, runId, HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT);
    AgencyState state = null;
    if (close.hasWorkflowExecutionCompletedEventAttributes()) {
      state =
          decode(
              close.getWorkflowExecutionCompletedEventAttributes().getResult(), AgencyState.class);
    } else if (close.hasWorkflowExecutionFailedEventAttributes()) {
      Exception failure =
          converter.failureToException(
              close.getWorkflowExecutionFailedEventAttributes().getFailure());
      if (failure instanceof ApplicationFailure application
          && FailureTypes.TASK_FAILED.equals(application.getType())) {
        state = application.getDetails().get(AgencyState.class);
      }
    }
    if (state == null) {
      state =
          queried(id, runId).orElseGet(() -> AgencyViews.initialState(input(id, runId), status));
    }
    String reason =
        close.hasWorkflowExecutionTerminatedEventAttributes()
            ? "agency was terminated: "
                + close.getWorkflowExecutionTerminatedEventAttributes().getReason()
            : null;
    return AgencyViews.closed(state, status, reason);
  }

  private Optional<AgencyState> queried(String id, String runId) {
    try {
      return Optional.ofNullable(
          client
              .newUntypedWorkflowStub(id, Optional.of(runId), Optional.of(WORKFLOW_TYPE))
              .query("state", AgencyState.class));
    } catch (WorkflowException e) {
      log.debug("state query of agency {} failed: {}", id, e.toString());
      return Optional.empty();
    }
  }

  private AgencyInput input(String id, String runId) {
    HistoryEvent first =
        event(id, runId, HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT);
    return decode(first.getWorkflowExecutionStartedEventAttributes().getInput(), AgencyInput.class);
  }

  private HistoryEvent event(String id, String runId, HistoryEventFilterType filter) {
    var response =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id).setRunId(runId))
                    .setMaximumPageSize(1)
                    .setHistoryEventFilterType(filter)
                    .build());
    if (response.getHistory().getEventsCount() == 0) {
      throw new IllegalStateException("agency " + id + " has no history");
    }
    return response.getHistory().getEvents(0);
  }

  private <T> T decode(Payloads payloads, Class<T> type) {
    return new EncodedValues(Optional.of(payloads), converter).get(0, type);
  }

  @SuppressWarnings("unchecked")
  private AgencyView view(
      String tenant, WorkflowExecutionDescription description, AgencyState state) {
    String workflowId = description.getExecution().getWorkflowId();
    Instant created = description.getStartTime();
    Instant closed = description.getCloseTime();
    Instant end = closed == null ? Instant.now() : closed;
    Map<String, String> metadata = description.getMemo(MEMO_METADATA, Map.class, Map.class);
    return AgencyViews.view(
        tenant,
        Tenancy.apiId(tenant, workflowId),
        new AgencyViews.Descriptive(
            (String) description.getMemo(MEMO_NAME, String.class),
            (String) description.getMemo(MEMO_DESCRIPTION, String.class),
            metadata == null ? Map.of() : metadata),
        state,
        new AgencyView.Times(
            created, closed, created == null ? null : Duration.between(created, end).toMillis()),
        new TaskView.Temporal(
            workflowId,
            description.getExecution().getRunId(),
            description.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", ""),
            description.getTaskQueue(),
            description.getHistoryLength()));
  }
}

package io.taskforge.app.taskgroup;

import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.task.TaskStatuses;
import io.taskforge.app.task.TaskView;
import io.taskforge.app.web.Problems;
import io.taskforge.app.web.WorkflowLookup;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.expansion.ExpansionResult;
import io.taskforge.workflows.expansion.ItemFailure;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.taskgroup.GroupTaskSpec;
import io.taskforge.workflows.taskgroup.GroupTaskState;
import io.taskforge.workflows.taskgroup.TaskGroupInput;
import io.taskforge.workflows.taskgroup.TaskGroupState;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads a task group from Temporal: the description, the input (first history event), the state
 * (the {@code state} query while open; the close event once closed) and, while open, its running
 * children's own status from visibility. Blocking; callers run it off the event loop.
 */
@Component
public class TaskGroupReader {
  private static final Logger log = LoggerFactory.getLogger(TaskGroupReader.class);
  static final String WORKFLOW_TYPE = "TaskGroupWorkflow";
  static final String STATE_QUERY = "state";
  static final String MEMO_NAME = "name";
  static final String MEMO_DESCRIPTION = "description";
  static final String MEMO_METADATA = "metadata";
  static final String MEMO_REQUEST_HASH = "requestHash";

  /** Expansions whose failed items are looked up per read, at most (one call each). */
  private static final int MAX_ITEM_FAILURE_LOOKUPS = 20;

  private static final int CHILD_PAGES = 5;

  private final WorkflowClient client;
  private final DataConverter converter;

  public TaskGroupReader(TemporalApiClient temporal) {
    this.client = temporal.workflows();
    this.converter = client.getOptions().getDataConverter();
  }

  /**
   * Describes a group's workflow (its latest run); 404 when there is none, it is no group, or not
   * the tenant's.
   */
  public WorkflowExecutionDescription describe(String tenant, String id) {
    if (id == null
        || id.length() > TaskGroupRequestMapper.MAX_GROUP_ID
        || !TaskGroupRequestMapper.GROUP_ID.matcher(id).matches()) {
      throw Problems.notFound("task group", id);
    }
    return WorkflowLookup.describe(client, tenant, id, WORKFLOW_TYPE, "task group");
  }

  /** The tenant's group as the API shows it, every id in it an API id. */
  public TaskGroupView read(String tenant, WorkflowExecutionDescription description) {
    String id = description.getExecution().getWorkflowId();
    String runId = description.getExecution().getRunId();
    TaskGroupInput input = input(id, runId);
    boolean open = isOpen(description);
    TaskGroupState state = open ? openState(id, runId, input) : closedState(id, description, input);
    if (open) {
      try {
        state = withChildStatuses(id, state);
      } catch (RuntimeException e) {
        // Only a refinement: the group's own state stands without it.
        log.warn("could not read the children of group {}: {}", id, e.toString());
      }
    }
    return view(tenant, description, input, state, itemFailures(id, input, state));
  }

  /** The view of a group that has just been started, without asking its workflow. */
  public TaskGroupView initial(
      String tenant, WorkflowExecutionDescription description, TaskGroupInput input) {
    TaskGroupState state = TaskGroupViews.initialState(input, TaskStatus.PENDING);
    return view(tenant, description, input, state, Map.of());
  }

  static boolean isOpen(WorkflowExecutionDescription description) {
    return description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  /** The input of one run of a group (by its workflow id): its first history event. */
  public TaskGroupInput input(String id, String runId) {
    HistoryEvent first =
        firstEvent(id, runId, HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT);
    return decode(
        first.getWorkflowExecutionStartedEventAttributes().getInput(), TaskGroupInput.class);
  }

  /**
   * A closed group's final state: its result, or the details of its failure; for a cancelled or
   * terminated group the {@code state} query (which needs a worker to replay it), and failing that,
   * what the input alone says.
   */
  public TaskGroupState closedState(
      String id, WorkflowExecutionDescription description, TaskGroupInput input) {
    String runId = description.getExecution().getRunId();
    TaskStatus status =
        TaskStatuses.of(
            description.getStatus(),
            description.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_STATUS));
    HistoryEvent close =
        firstEvent(id, runId, HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT);
    TaskGroupState state = null;
    if (close.hasWorkflowExecutionCompletedEventAttributes()) {
      state =
          decode(
              close.getWorkflowExecutionCompletedEventAttributes().getResult(),
              TaskGroupState.class);
    } else if (close.hasWorkflowExecutionFailedEventAttributes()) {
      Exception failure =
          converter.failureToException(
              close.getWorkflowExecutionFailedEventAttributes().getFailure());
      if (failure instanceof ApplicationFailure application
          && FailureTypes.TASK_FAILED.equals(application.getType())) {
        state = application.getDetails().get(TaskGroupState.class);
      }
    }
    if (state == null) {
      state = queried(id, runId).orElse(TaskGroupViews.initialState(input, status));
    }
    return closed(state, status, reasonOf(close, state.reason()));
  }

  /** A closed group's tasks that never ended were cancelled with it (parent close policy). */
  private static TaskGroupState closed(TaskGroupState state, TaskStatus status, String reason) {
    List<GroupTaskState> tasks =
        state.tasks().stream()
            .map(t -> t.status().isTerminal() ? t : t.withStatus(TaskStatus.CANCELLED))
            .toList();
    return new TaskGroupState(status, tasks, state.context(), reason);
  }

  private static String reasonOf(HistoryEvent close, String recorded) {
    if (recorded != null) {
      return recorded;
    }
    if (close.hasWorkflowExecutionTerminatedEventAttributes()) {
      return "group was terminated: "
          + close.getWorkflowExecutionTerminatedEventAttributes().getReason();
    }
    if (close.hasWorkflowExecutionCanceledEventAttributes()) {
      return "group was cancelled";
    }
    if (close.hasWorkflowExecutionTimedOutEventAttributes()) {
      return "group timed out";
    }
    return null;
  }

  private TaskGroupState openState(String id, String runId, TaskGroupInput input) {
    return queried(id, runId).orElse(TaskGroupViews.initialState(input, TaskStatus.PENDING));
  }

  private Optional<TaskGroupState> queried(String id, String runId) {
    try {
      return Optional.ofNullable(
          client
              .newUntypedWorkflowStub(id, Optional.of(runId), Optional.of(WORKFLOW_TYPE))
              .query(STATE_QUERY, TaskGroupState.class));
    } catch (WorkflowException e) {
      // A group whose first workflow task has not run yet, or whose query failed.
      log.debug("state query of group {} failed: {}", id, e.toString());
      return Optional.empty();
    }
  }

  /**
   * The group knows a started child only as SCHEDULED; the child itself knows when it is RUNNING.
   * One visibility query covers every running child of the group ({@code id} its workflow id).
   */
  private TaskGroupState withChildStatuses(String id, TaskGroupState state) {
    Map<String, TaskStatus> running = new HashMap<>();
    String prefix = id + ".";
    var request =
        ListWorkflowExecutionsRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setQuery(TaskGroupQuery.runningChildren(id))
            .setPageSize(1000);
    for (int page = 0; page < CHILD_PAGES; page++) {
      ListWorkflowExecutionsResponse response =
          client.getWorkflowServiceStubs().blockingStub().listWorkflowExecutions(request.build());
      for (var info : response.getExecutionsList()) {
        String childId = info.getExecution().getWorkflowId();
        if (!childId.startsWith(prefix) || childId.indexOf('/', prefix.length()) >= 0) {
          continue; // an expansion subtree, not a task of the group
        }
        String value =
            new WorkflowExecutionMetadata(info, converter)
                .getTypedSearchAttributes()
                .get(TaskSearchAttributes.TASK_STATUS);
        TaskStatus status = TaskStatuses.parse(value, null);
        if (status != null) {
          running.put(childId.substring(prefix.length()), status);
        }
      }
      if (response.getNextPageToken().isEmpty()) {
        break;
      }
      request.setNextPageToken(response.getNextPageToken());
    }
    if (running.isEmpty()) {
      return state;
    }
    List<GroupTaskState> tasks =
        state.tasks().stream()
            .map(
                t -> {
                  TaskStatus child = running.get(t.name());
                  return child == null || t.status().isTerminal() || child.isTerminal()
                      ? t
                      : t.withStatus(child);
                })
            .toList();
    return new TaskGroupState(state.status(), tasks, state.context(), state.reason());
  }

  /** The first failed items of each ended expansion with failures, from its close event. */
  private Map<String, List<ItemFailure>> itemFailures(
      String id, TaskGroupInput input, TaskGroupState state) {
    Map<String, GroupTaskSpec> specs = new HashMap<>();
    input.tasks().forEach(spec -> specs.put(spec.name(), spec));
    Map<String, List<ItemFailure>> failures = new LinkedHashMap<>();
    for (GroupTaskState task : state.tasks()) {
      GroupTaskSpec spec = specs.get(task.name());
      if (failures.size() >= MAX_ITEM_FAILURE_LOOKUPS
          || spec == null
          || !ExpansionRequests.fansOut(spec.expansion())
          || task.expansion() == null
          || task.expansion().failed() == 0
          || task.taskId() == null) {
        continue;
      }
      try {
        expansionResult(task.taskId()).ifPresent(r -> failures.put(task.name(), r.failures()));
      } catch (RuntimeException e) {
        log.debug("no item failures for {}.{}: {}", id, task.name(), e.toString());
      }
    }
    return failures;
  }

  private Optional<ExpansionResult> expansionResult(String expansionId) {
    HistoryEvent close =
        firstEvent(expansionId, "", HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT);
    if (close.hasWorkflowExecutionCompletedEventAttributes()) {
      return Optional.of(
          decode(
              close.getWorkflowExecutionCompletedEventAttributes().getResult(),
              ExpansionResult.class));
    }
    if (close.hasWorkflowExecutionFailedEventAttributes()) {
      Exception failure =
          converter.failureToException(
              close.getWorkflowExecutionFailedEventAttributes().getFailure());
      if (failure instanceof ApplicationFailure application
          && ExpansionResult.ITEMS_FAILED.equals(application.getType())) {
        return Optional.ofNullable(application.getDetails().get(1, ExpansionResult.class));
      }
    }
    return Optional.empty();
  }

  private TaskGroupView view(
      String tenant,
      WorkflowExecutionDescription description,
      TaskGroupInput input,
      TaskGroupState state,
      Map<String, List<ItemFailure>> itemFailures) {
    Instant created = description.getStartTime();
    Instant closed = description.getCloseTime();
    Instant end = closed == null ? Instant.now() : closed;
    String workflowId = description.getExecution().getWorkflowId();
    return TaskGroupViews.view(
        tenant,
        workflowId,
        descriptive(description),
        input,
        state,
        itemFailures,
        new TaskGroupView.Times(
            created, closed, created == null ? null : Duration.between(created, end).toMillis()),
        new TaskView.Temporal(
            workflowId,
            description.getExecution().getRunId(),
            description.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", ""),
            description.getTaskQueue(),
            description.getHistoryLength()));
  }

  @SuppressWarnings("unchecked")
  static TaskGroupViews.Descriptive descriptive(WorkflowExecutionDescription description) {
    String name = (String) description.getMemo(MEMO_NAME, String.class);
    String text = (String) description.getMemo(MEMO_DESCRIPTION, String.class);
    Map<String, String> metadata = description.getMemo(MEMO_METADATA, Map.class, Map.class);
    return new TaskGroupViews.Descriptive(name, text, metadata == null ? Map.of() : metadata);
  }

  private HistoryEvent firstEvent(String id, String runId, HistoryEventFilterType filter) {
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
    List<HistoryEvent> events = new ArrayList<>(response.getHistory().getEventsList());
    if (events.isEmpty()) {
      throw new IllegalStateException("workflow " + id + " has no history event of " + filter);
    }
    return events.getFirst();
  }

  private <T> T decode(Payloads payloads, Class<T> type) {
    return new EncodedValues(Optional.of(payloads), converter).get(0, type);
  }
}

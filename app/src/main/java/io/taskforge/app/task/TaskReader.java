package io.taskforge.app.task;

import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.security.Tenancy;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.task.ActivityStarted;
import io.taskforge.workflows.task.ArtifactRef;
import io.taskforge.workflows.task.FailureKind;
import io.taskforge.workflows.task.Progress;
import io.taskforge.workflows.task.TaskDependency;
import io.taskforge.workflows.task.TaskFailure;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.task.TaskResult;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.webhook.WebhookActivities;
import io.taskforge.workflows.webhook.WebhookOutcome;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Reads a task from Temporal alone: the description (status, search attributes, memo, the pending
 * attempt) and the history (input, start signals, result or failure). It needs no worker, so the
 * API can show a task while every worker is down.
 */
@Component
public class TaskReader {
  static final String MEMO_NAME = "name";
  static final String MEMO_DESCRIPTION = "description";
  static final String MEMO_METADATA = "metadata";
  static final String MEMO_REQUEST_HASH = "requestHash";
  static final String STARTED_SIGNAL = "activityStarted";

  private final WorkflowClient client;
  private final DataConverter converter;

  public TaskReader(TemporalApiClient temporal) {
    this.client = temporal.workflows();
    this.converter = client.getOptions().getDataConverter();
  }

  /**
   * The tenant's task as the API shows it: every id in it (its own, its dependencies', its
   * artifacts') is an API id; {@code temporal.workflowId} is where Temporal keeps it.
   */
  public TaskView read(String tenant, WorkflowExecutionDescription description) {
    String workflowId = description.getExecution().getWorkflowId();
    String id = Tenancy.apiId(tenant, workflowId);
    List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
    TaskInput input = decode(firstStartInput(events), TaskInput.class);
    Timeline timeline = Timeline.of(events, this);
    DescribeWorkflowExecutionResponse raw = description.getRawDescription();
    Optional<PendingActivityInfo> pending =
        raw.getPendingActivitiesList().stream().filter(p -> !isWebhook(p)).findFirst();
    Optional<PendingActivityInfo> pendingWebhook =
        raw.getPendingActivitiesList().stream().filter(TaskReader::isWebhook).findFirst();

    TaskStatus status =
        TaskStatuses.of(
            raw.getWorkflowExecutionInfo().getStatus(),
            description.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_STATUS));
    Close close = closeOf(events);
    TaskOutput output = close.result == null ? null : close.result.output();
    int attempts =
        Math.max(timeline.attempts, pending.map(PendingActivityInfo::getAttempt).orElse(0));
    if (close.failure != null) {
      attempts = Math.max(attempts, close.failure.attempts());
    }

    Instant created = description.getStartTime();
    Instant closed = description.getCloseTime();
    Instant end = closed == null ? Instant.now() : closed;
    TaskView.Times times =
        new TaskView.Times(
            created,
            input.startAt(),
            timeline.scheduledAt,
            timeline.startedAt,
            closed,
            millisBetween(timeline.scheduledAt, timeline.startedAt),
            millisBetween(timeline.startedAt, timeline.startedAt == null ? null : end),
            millisBetween(created, end));
    return new TaskView(
        id,
        input.type(),
        memo(description, MEMO_NAME).orElse(input.type()),
        memo(description, MEMO_DESCRIPTION).orElse(null),
        metadata(description),
        status.name(),
        input.priority().name(),
        input.params(),
        output == null ? null : output.data(),
        output == null || output.dataRef() == null ? null : artifactView(tenant, output.dataRef()),
        output == null
            ? List.of()
            : output.artifacts().stream().map(ref -> artifactView(tenant, ref)).toList(),
        close.failure == null ? null : failureView(close.failure),
        close.result == null ? null : close.result.reason(),
        attempts,
        pending.flatMap(this::progress).orElse(null),
        pending
            .filter(PendingActivityInfo::hasLastFailure)
            .map(p -> p.getLastFailure().getMessage())
            .orElse(null),
        dependencyViews(tenant, input.dependencies()),
        input.webhook() == null
            ? null
            : webhookView(input.webhook().url(), close, events, pendingWebhook),
        times,
        new TaskView.Temporal(
            workflowId,
            description.getExecution().getRunId(),
            description.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", ""),
            description.getTaskQueue(),
            description.getHistoryLength()));
  }

  private static boolean isWebhook(PendingActivityInfo pending) {
    return WebhookActivities.DELIVER.equals(pending.getActivityType().getName());
  }

  private static boolean isWebhook(HistoryEvent event) {
    return event.hasActivityTaskScheduledEventAttributes()
        && WebhookActivities.DELIVER.equals(
            event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
  }

  /** Each dependency (a workflow id in the input) by its API id, with its status now. */
  private List<TaskView.DependencyView> dependencyViews(
      String tenant, List<TaskDependency> dependencies) {
    return dependencies.stream()
        .map(
            d -> {
              TaskStatus status = currentStatus(d.taskId());
              Boolean satisfied =
                  status == null || !status.isTerminal()
                      ? null
                      : d.requiredStatus().satisfiedBy(status);
              return new TaskView.DependencyView(
                  Tenancy.apiId(tenant, d.taskId()),
                  d.requiredStatus().name(),
                  status == null ? null : status.name(),
                  satisfied);
            })
        .toList();
  }

  private TaskStatus currentStatus(String taskId) {
    try {
      WorkflowExecutionDescription d = client.newUntypedWorkflowStub(taskId).describe();
      return TaskStatuses.of(
          d.getRawDescription().getWorkflowExecutionInfo().getStatus(),
          d.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_STATUS));
    } catch (WorkflowNotFoundException e) {
      return null;
    } catch (WorkflowServiceException e) {
      return null; // deleted (NOT_FOUND) or unreadable now: shown without a status
    }
  }

  /**
   * How the webhook delivery went: from the task's result when it completed or failed, else from
   * the delivery activity in its history (a cancelled task, or one still delivering).
   */
  private TaskView.WebhookView webhookView(
      String url, Close close, List<HistoryEvent> events, Optional<PendingActivityInfo> pending) {
    WebhookOutcome recorded =
        close.result != null
            ? close.result.webhook()
            : close.failure != null ? close.failure.webhook() : null;
    if (recorded == null) {
      recorded = webhookFromHistory(events);
    }
    if (recorded != null) {
      return new TaskView.WebhookView(
          recorded.url(),
          recorded.delivered(),
          recorded.attempts(),
          recorded.lastStatus(),
          recorded.lastError(),
          false);
    }
    return pending
        .map(
            p ->
                new TaskView.WebhookView(
                    url,
                    false,
                    p.getAttempt(),
                    0,
                    p.hasLastFailure() ? p.getLastFailure().getMessage() : null,
                    true))
        .orElse(new TaskView.WebhookView(url, false, 0, 0, null, false));
  }

  private WebhookOutcome webhookFromHistory(List<HistoryEvent> events) {
    long scheduled =
        events.stream()
            .filter(TaskReader::isWebhook)
            .mapToLong(HistoryEvent::getEventId)
            .findFirst()
            .orElse(-1);
    if (scheduled < 0) {
      return null;
    }
    for (HistoryEvent event : events) {
      if (event.hasActivityTaskCompletedEventAttributes()
          && event.getActivityTaskCompletedEventAttributes().getScheduledEventId() == scheduled) {
        return decode(
            event.getActivityTaskCompletedEventAttributes().getResult(), WebhookOutcome.class);
      }
      if (event.hasActivityTaskFailedEventAttributes()
          && event.getActivityTaskFailedEventAttributes().getScheduledEventId() == scheduled) {
        Exception failure =
            converter.failureToException(event.getActivityTaskFailedEventAttributes().getFailure());
        if (failure instanceof ApplicationFailure application) {
          try {
            return application.getDetails().get(WebhookOutcome.class);
          } catch (RuntimeException e) {
            return null;
          }
        }
      }
    }
    return null;
  }

  static TaskView.ArtifactView artifactView(String tenant, ArtifactRef ref) {
    return new TaskView.ArtifactView(
        ref.name(),
        ref.contentType(),
        ref.sizeBytes(),
        ref.sha256(),
        "/api/v1/tasks/" + Tenancy.apiId(tenant, ref.taskId()) + "/artifacts/" + ref.name());
  }

  private static TaskView.FailureView failureView(TaskFailure failure) {
    return new TaskView.FailureView(
        failure.kind().name(), failure.message(), failure.type(), failure.attempts());
  }

  private Optional<TaskView.ProgressView> progress(PendingActivityInfo pending) {
    if (!pending.hasHeartbeatDetails() || pending.getHeartbeatDetails().getPayloadsCount() == 0) {
      return Optional.empty();
    }
    try {
      Progress progress = decode(pending.getHeartbeatDetails(), Progress.class);
      return Optional.of(
          new TaskView.ProgressView(progress.percent(), progress.message(), progress.at()));
    } catch (RuntimeException e) {
      return Optional.empty(); // details written by something other than our dispatcher
    }
  }

  /** The task's outcome, from its close event. */
  private record Close(TaskResult result, TaskFailure failure) {}

  private Close closeOf(List<HistoryEvent> events) {
    HistoryEvent last = events.getLast();
    if (last.hasWorkflowExecutionCompletedEventAttributes()) {
      return new Close(
          decode(last.getWorkflowExecutionCompletedEventAttributes().getResult(), TaskResult.class),
          null);
    }
    if (last.hasWorkflowExecutionFailedEventAttributes()) {
      return new Close(
          null, failureOf(last.getWorkflowExecutionFailedEventAttributes().getFailure()));
    }
    if (last.hasWorkflowExecutionCanceledEventAttributes()) {
      return new Close(
          null, new TaskFailure(FailureKind.CANCELLED, "task was cancelled", "Cancelled", 0));
    }
    if (last.hasWorkflowExecutionTerminatedEventAttributes()) {
      String reason = last.getWorkflowExecutionTerminatedEventAttributes().getReason();
      return new Close(
          null,
          new TaskFailure(
              FailureKind.CANCELLED, "task was terminated: " + reason, "Terminated", 0));
    }
    if (last.hasWorkflowExecutionTimedOutEventAttributes()) {
      return new Close(
          null,
          new TaskFailure(FailureKind.TIMEOUT, "task timed out", "TIMEOUT_WORKFLOW_EXECUTION", 0));
    }
    return new Close(null, null);
  }

  private TaskFailure failureOf(Failure failure) {
    Exception exception = converter.failureToException(failure);
    if (exception instanceof ApplicationFailure application) {
      try {
        TaskFailure details = application.getDetails().get(TaskFailure.class);
        if (details != null) {
          return details;
        }
      } catch (RuntimeException e) {
        // not one of ours: fall through to the plain message
      }
      return new TaskFailure(
          FailureKind.ERROR, application.getOriginalMessage(), application.getType(), 0);
    }
    return new TaskFailure(FailureKind.ERROR, failure.getMessage(), "WorkflowFailure", 0);
  }

  private static Payloads firstStartInput(List<HistoryEvent> events) {
    return events.getFirst().getWorkflowExecutionStartedEventAttributes().getInput();
  }

  <T> T decode(Payloads payloads, Class<T> type) {
    return new EncodedValues(Optional.of(payloads), converter).get(0, type);
  }

  private static Optional<String> memo(WorkflowExecutionDescription d, String key) {
    return Optional.ofNullable((String) d.getMemo(key, String.class));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> metadata(WorkflowExecutionDescription d) {
    Type type = Map.class;
    Map<String, String> value = d.getMemo(MEMO_METADATA, Map.class, type);
    return value == null ? Map.of() : value;
  }

  private static Long millisBetween(Instant from, Instant to) {
    return from == null || to == null ? null : Duration.between(from, to).toMillis();
  }

  /** What the history says about the task's attempts. */
  private static final class Timeline {
    Instant scheduledAt;
    Instant startedAt;
    int attempts;

    static Timeline of(List<HistoryEvent> events, TaskReader reader) {
      Timeline timeline = new Timeline();
      for (HistoryEvent event : events) {
        if (event.hasActivityTaskScheduledEventAttributes()
            && timeline.scheduledAt == null
            && !isWebhook(event)) {
          var time = event.getEventTime();
          timeline.scheduledAt = Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
        } else if (event.hasWorkflowExecutionSignaledEventAttributes()
            && STARTED_SIGNAL.equals(
                event.getWorkflowExecutionSignaledEventAttributes().getSignalName())) {
          ActivityStarted started =
              reader.decode(
                  event.getWorkflowExecutionSignaledEventAttributes().getInput(),
                  ActivityStarted.class);
          timeline.attempts = Math.max(timeline.attempts, started.attempt());
          if (timeline.startedAt == null) {
            timeline.startedAt = started.startedAt();
          }
        }
      }
      return timeline;
    }
  }
}

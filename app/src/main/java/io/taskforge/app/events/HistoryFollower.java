package io.taskforge.app.events;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.app.security.Tenancy;
import io.taskforge.workflows.task.Progress;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.EncodedValues;
import io.temporal.serviceclient.MetricsTag;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Follows one workflow's history, from the first run of its continue-as-new chain to its close, and
 * hands each lifecycle event after {@code after} to {@code emit}, in order. Blocking: it long polls
 * {@code GetWorkflowExecutionHistory} with {@code waitNewEvent}, so it runs on a thread of its own.
 * While a task runs it polls its pending activity's heartbeat for progress instead, once per {@code
 * progressInterval}, since heartbeats never reach the history.
 */
final class HistoryFollower {
  private static final Duration LONG_POLL = Duration.ofSeconds(30);
  private static final int TRANSIENT_RETRIES = 10;

  private final WorkflowServiceGrpc.WorkflowServiceBlockingStub stub;
  private final String namespace;
  private final DataConverter converter;
  private final HistoryEventMapper mapper;
  private final StreamKind kind;
  private final String workflowId;
  private final Duration progressInterval;
  private final Consumer<StreamEvent> emit;
  private final Runnable keepAlive;
  private final BooleanSupplier stopped;

  private EventId cursor;
  private boolean taskRunning;
  private Progress lastProgress;

  HistoryFollower(
      WorkflowServiceGrpc.WorkflowServiceBlockingStub stub,
      String namespace,
      DataConverter converter,
      StreamKind kind,
      String tenant,
      String workflowId,
      EventId after,
      Duration progressInterval,
      Consumer<StreamEvent> emit,
      Runnable keepAlive,
      BooleanSupplier stopped) {
    this.stub = stub;
    this.namespace = namespace;
    this.converter = converter;
    this.mapper = new HistoryEventMapper(converter, id -> Tenancy.apiId(tenant, id));
    this.kind = kind;
    this.workflowId = workflowId;
    this.cursor = Objects.requireNonNull(after, "after");
    this.progressInterval = progressInterval;
    this.emit = emit;
    this.keepAlive = keepAlive;
    this.stopped = stopped;
  }

  /** Runs until the terminal event has been emitted or the stream is stopped. */
  void run() {
    String runId = firstRunOfChain();
    for (int run = 0; runId != null && !stopped.getAsBoolean(); run++) {
      runId = followRun(runId, run);
    }
  }

  /** The run whose history the stream starts from: the first of the latest run's chain. */
  private String firstRunOfChain() {
    GetWorkflowExecutionHistoryResponse first =
        call(
            () ->
                stub.getWorkflowExecutionHistory(
                    request("", ByteString.EMPTY, false).setMaximumPageSize(1).build()));
    String firstRun =
        first
            .getHistory()
            .getEvents(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getFirstExecutionRunId();
    if (!firstRun.isEmpty()) {
      return firstRun;
    }
    return call(() ->
            stub.describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(namespace)
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .build()))
        .getWorkflowExecutionInfo()
        .getExecution()
        .getRunId();
  }

  /** Follows one run; the next run of the chain when it continued as new, else null. */
  private String followRun(String runId, int run) {
    ByteString token = ByteString.EMPTY;
    String nextRun = null;
    long lastEventId = 0;
    while (!stopped.getAsBoolean()) {
      boolean polling = kind == StreamKind.TASK && taskRunning;
      GetWorkflowExecutionHistoryResponse response;
      try {
        ByteString page = token;
        response =
            call(
                () ->
                    stub.withOption(MetricsTag.HISTORY_LONG_POLL_CALL_OPTIONS_KEY, true)
                        .withDeadlineAfter(
                            (polling ? progressInterval : LONG_POLL).toMillis(),
                            TimeUnit.MILLISECONDS)
                        .getWorkflowExecutionHistory(request(runId, page, true).build()));
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
          throw e;
        }
        if (polling) {
          progress(runId, run, lastEventId);
        } else {
          keepAlive.run();
        }
        continue;
      }
      List<HistoryEvent> events = response.getHistory().getEventsList();
      for (HistoryEvent event : events) {
        lastEventId = event.getEventId();
        for (StreamEvent mapped : mapper.map(kind, run, event, workflowId)) {
          track(mapped);
          if (mapped.id().compareTo(cursor) > 0) {
            cursor = mapped.id();
            emit.accept(mapped);
            if (mapped.isEnd()) {
              return null;
            }
          }
        }
        if (event.hasWorkflowExecutionContinuedAsNewEventAttributes()) {
          nextRun =
              event.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId();
        }
      }
      token = response.getNextPageToken();
      if (token.isEmpty()) {
        return nextRun; // the run has closed: continued as new, or its end was sent before
      }
      if (kind == StreamKind.TASK && taskRunning) {
        progress(runId, run, lastEventId); // at once when the task has just started running
      } else if (events.isEmpty()) {
        keepAlive.run();
      }
    }
    return null;
  }

  /** A task is worth polling for progress from its start signal until it leaves RUNNING. */
  private void track(StreamEvent event) {
    if (event.name().equals("task") && "attempt-started".equals(event.data().get("event"))) {
      taskRunning = true;
    } else if (event.name().equals("status") && event.data().get("status") instanceof String s) {
      taskRunning = s.equals("RUNNING");
    } else if (event.isEnd()) {
      taskRunning = false;
    }
  }

  /** Emits the pending activity's heartbeat progress when it has changed. */
  private void progress(String runId, int run, long lastEventId) {
    var description =
        call(
            () ->
                stub.describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(namespace)
                        .setExecution(
                            WorkflowExecution.newBuilder()
                                .setWorkflowId(workflowId)
                                .setRunId(runId))
                        .build()));
    Optional<PendingActivityInfo> pending =
        description.getPendingActivitiesList().stream().findFirst();
    if (pending.isEmpty()
        || !pending.get().hasHeartbeatDetails()
        || pending.get().getHeartbeatDetails().getPayloadsCount() == 0) {
      return;
    }
    Progress progress;
    try {
      progress =
          new EncodedValues(Optional.of(pending.get().getHeartbeatDetails()), converter)
              .get(0, Progress.class);
    } catch (RuntimeException e) {
      return; // details written by something other than our dispatcher
    }
    if (progress == null
        || (lastProgress != null
            && lastProgress.percent() == progress.percent()
            && Objects.equals(lastProgress.message(), progress.message()))) {
      return;
    }
    lastProgress = progress;
    int sub =
        (cursor.run() == run && cursor.event() == lastEventId && cursor.isProgress()
                ? cursor.sub()
                : 0)
            + 1;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("percent", progress.percent());
    data.put("message", progress.message());
    data.put("at", progress.at() == null ? null : progress.at().toString());
    data.put("attempt", pending.get().getAttempt());
    StreamEvent event = new StreamEvent(new EventId(run, lastEventId, sub), "progress", data);
    cursor = event.id();
    emit.accept(event);
  }

  private GetWorkflowExecutionHistoryRequest.Builder request(
      String runId, ByteString token, boolean wait) {
    return GetWorkflowExecutionHistoryRequest.newBuilder()
        .setNamespace(namespace)
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
        .setNextPageToken(token)
        .setWaitNewEvent(wait)
        .setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT);
  }

  private interface Call<T> {
    T run();
  }

  /** Retries what a brief outage of the server explains; the rest ends the stream. */
  private <T> T call(Call<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.run();
      } catch (StatusRuntimeException e) {
        boolean transientError = e.getStatus().getCode() == Status.Code.UNAVAILABLE;
        if (!transientError || attempt >= TRANSIENT_RETRIES || stopped.getAsBoolean()) {
          throw e;
        }
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}

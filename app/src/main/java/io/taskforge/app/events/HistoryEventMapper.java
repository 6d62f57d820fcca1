package io.taskforge.app.events;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Maps Temporal history events onto stream events. Only events that mean something to a client are
 * mapped; workflow tasks, timers and the like are not. Each history event gives at most one event
 * with sub-id 0, and a close event gives a final {@code end} as well.
 *
 * <ul>
 *   <li>start and {@code TaskStatus} upserts → {@code status};
 *   <li>a task's {@code activityStarted} signal → {@code task} (an attempt started);
 *   <li>a child started, cancelled or terminated → {@code task} (groups) or {@code group}
 *       (agencies); a child completed → {@code output}; failed or timed out → {@code failure};
 *   <li>an agency's context merge (a group's publication, recorded as a marker, or an {@code
 *       addContext} update) → {@code context}; a group added → {@code group}; close asked → {@code
 *       status};
 *   <li>the close → {@code output} (completed), {@code failure} (failed, timed out) or {@code
 *       status} (cancelled, terminated), then {@code end}; continue-as-new → {@code status}, and
 *       the stream goes on in the new run.
 * </ul>
 */
final class HistoryEventMapper {
  private static final String STATUS_ATTRIBUTE = "TaskStatus";

  private final DataConverter converter;
  private final UnaryOperator<String> apiIds;

  /** A mapper that shows workflow ids as they are. */
  HistoryEventMapper(DataConverter converter) {
    this(converter, UnaryOperator.identity());
  }

  /**
   * @param apiIds the API id of a (child) workflow id, as the stream's tenant knows it
   */
  HistoryEventMapper(DataConverter converter, UnaryOperator<String> apiIds) {
    this.converter = converter;
    this.apiIds = apiIds;
  }

  /** The events of one history event; {@code run} and its id make their ids. */
  List<StreamEvent> map(StreamKind kind, int run, HistoryEvent event, String workflowId) {
    List<StreamEvent> out = new ArrayList<>();
    long id = event.getEventId();
    EventId own = new EventId(run, id, 0);
    EventId end = new EventId(run, id, EventId.END);
    EventType type = event.getEventType();
    switch (type) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
        var attributes = event.getWorkflowExecutionStartedEventAttributes();
        String status =
            searchAttribute(attributes.getSearchAttributes().getIndexedFieldsMap())
                .orElse("PENDING");
        Map<String, Object> data = data("status", status);
        if (run > 0) {
          data.put("continuedAsNew", true);
        }
        out.add(new StreamEvent(own, "status", data));
      }
      case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES ->
          searchAttribute(
                  event
                      .getUpsertWorkflowSearchAttributesEventAttributes()
                      .getSearchAttributes()
                      .getIndexedFieldsMap())
              .ifPresent(status -> out.add(new StreamEvent(own, "status", data("status", status))));
      case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
        var signal = event.getWorkflowExecutionSignaledEventAttributes();
        if (kind == StreamKind.TASK && signal.getSignalName().equals("activityStarted")) {
          Map<String, Object> data = data("event", "attempt-started");
          data.putAll(asMap(first(signal.getInput())));
          out.add(new StreamEvent(own, "task", data));
        } else if (kind == StreamKind.AGENCY && signal.getSignalName().equals("close")) {
          out.add(new StreamEvent(own, "status", data("closeRequested", true)));
        }
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED -> {
        var child = event.getChildWorkflowExecutionStartedEventAttributes();
        out.add(
            new StreamEvent(
                own,
                childEvent(kind),
                child(kind, workflowId, child.getWorkflowExecution().getWorkflowId(), "RUNNING")));
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED -> {
        var child = event.getChildWorkflowExecutionCompletedEventAttributes();
        Map<String, Object> data =
            child(kind, workflowId, child.getWorkflowExecution().getWorkflowId(), "COMPLETED");
        Map<String, Object> result = asMap(first(child.getResult()));
        if (kind == StreamKind.AGENCY) {
          data.put("outputs", groupOutputs(result));
        } else {
          data.put("output", taskOutput(result));
        }
        out.add(new StreamEvent(own, "output", data));
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED -> {
        var child = event.getChildWorkflowExecutionFailedEventAttributes();
        Map<String, Object> data =
            child(kind, workflowId, child.getWorkflowExecution().getWorkflowId(), "FAILED");
        data.putAll(failure(child.getFailure()));
        out.add(new StreamEvent(own, "failure", data));
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT -> {
        var child = event.getChildWorkflowExecutionTimedOutEventAttributes();
        Map<String, Object> data =
            child(kind, workflowId, child.getWorkflowExecution().getWorkflowId(), "FAILED");
        data.put("message", "timed out");
        out.add(new StreamEvent(own, "failure", data));
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED ->
          out.add(
              new StreamEvent(
                  own,
                  childEvent(kind),
                  child(
                      kind,
                      workflowId,
                      event
                          .getChildWorkflowExecutionCanceledEventAttributes()
                          .getWorkflowExecution()
                          .getWorkflowId(),
                      "CANCELLED")));
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED ->
          out.add(
              new StreamEvent(
                  own,
                  childEvent(kind),
                  child(
                      kind,
                      workflowId,
                      event
                          .getChildWorkflowExecutionTerminatedEventAttributes()
                          .getWorkflowExecution()
                          .getWorkflowId(),
                      "CANCELLED")));
      case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED -> {
        var child = event.getStartChildWorkflowExecutionFailedEventAttributes();
        Map<String, Object> data = child(kind, workflowId, child.getWorkflowId(), "FAILED");
        data.put("message", "could not start: " + child.getCause().name());
        out.add(new StreamEvent(own, "failure", data));
      }
      case EVENT_TYPE_MARKER_RECORDED -> {
        // The agency records each group's context merge as a side-effect marker.
        Payloads details = event.getMarkerRecordedEventAttributes().getDetailsMap().get("data");
        if (kind == StreamKind.AGENCY && details != null) {
          Map<String, Object> merge = asMap(first(details));
          if (merge.containsKey("added") && merge.containsKey("conflicts")) {
            out.add(new StreamEvent(own, "context", contextMerge(merge)));
          }
        }
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
        var request =
            event.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest();
        if (kind == StreamKind.AGENCY && request.getInput().getName().equals("addGroup")) {
          Map<String, Object> group = asMap(first(request.getInput().getArgs()));
          Map<String, Object> data = data("group", group.get("name"));
          data.put("status", "ADDED");
          out.add(new StreamEvent(own, "group", data));
        }
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED -> {
        var outcome = event.getWorkflowExecutionUpdateCompletedEventAttributes().getOutcome();
        if (kind == StreamKind.AGENCY && outcome.hasSuccess()) {
          Map<String, Object> result = asMap(first(outcome.getSuccess()));
          if (result.containsKey("added") && result.containsKey("conflicts")) {
            out.add(new StreamEvent(own, "context", contextMerge(result)));
          }
        }
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> {
        Map<String, Object> data = data("status", "RUNNING");
        data.put("continuedAsNew", true);
        data.put(
            "runId",
            event.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId());
        out.add(new StreamEvent(own, "status", data));
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> {
        Map<String, Object> result =
            asMap(first(event.getWorkflowExecutionCompletedEventAttributes().getResult()));
        Map<String, Object> data = data("status", "COMPLETED");
        switch (kind) {
          case TASK -> data.put("output", taskOutput(result));
          case GROUP -> data.put("context", result.get("context"));
          case AGENCY -> {
            data.put("context", result.get("context"));
            data.put("conflicts", result.get("conflicts"));
          }
        }
        out.add(new StreamEvent(own, "output", data));
        out.add(new StreamEvent(end, "end", data("status", "COMPLETED")));
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> {
        Map<String, Object> data = data("status", "FAILED");
        data.putAll(failure(event.getWorkflowExecutionFailedEventAttributes().getFailure()));
        out.add(new StreamEvent(own, "failure", data));
        out.add(new StreamEvent(end, "end", data("status", "FAILED")));
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> {
        Map<String, Object> data = data("status", "FAILED");
        data.put("message", "timed out");
        data.put("type", "TIMEOUT");
        out.add(new StreamEvent(own, "failure", data));
        out.add(new StreamEvent(end, "end", data("status", "FAILED")));
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> {
        out.add(new StreamEvent(own, "status", data("status", "CANCELLED")));
        out.add(new StreamEvent(end, "end", data("status", "CANCELLED")));
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> {
        Map<String, Object> data = data("status", "CANCELLED");
        data.put("reason", event.getWorkflowExecutionTerminatedEventAttributes().getReason());
        out.add(new StreamEvent(own, "status", data));
        out.add(new StreamEvent(end, "end", data("status", "CANCELLED")));
      }
      default -> {}
    }
    return out;
  }

  private static String childEvent(StreamKind kind) {
    return kind == StreamKind.AGENCY ? "group" : "task";
  }

  private Map<String, Object> child(
      StreamKind kind, String parentId, String childId, String status) {
    String name =
        childId.startsWith(parentId + ".") ? childId.substring(parentId.length() + 1) : childId;
    Map<String, Object> data = new LinkedHashMap<>();
    if (kind == StreamKind.AGENCY) {
      data.put("group", name);
      data.put("groupId", apiIds.apply(childId));
    } else {
      data.put("task", name);
      data.put("taskId", apiIds.apply(childId));
    }
    data.put("status", status);
    return data;
  }

  /** A task's output: the data of its TaskResult, or an expansion's merged output. */
  private static Object taskOutput(Map<String, Object> result) {
    Object output = result.get("output");
    if (output instanceof Map<?, ?> map
        && (map.containsKey("data") || map.containsKey("dataRef"))) {
      return map.get("data") != null ? map.get("data") : map.get("dataRef");
    }
    return result.containsKey("outputRef") && result.get("outputRef") != null
        ? result.get("outputRef")
        : output;
  }

  /** What a group published: its completed tasks' outputs by name. */
  private static Map<String, Object> groupOutputs(Map<String, Object> state) {
    Map<String, Object> outputs = new LinkedHashMap<>();
    if (state.get("tasks") instanceof List<?> tasks) {
      for (Object task : tasks) {
        if (task instanceof Map<?, ?> t
            && "COMPLETED".equals(t.get("status"))
            && t.get("output") != null) {
          outputs.put(String.valueOf(t.get("name")), t.get("output"));
        }
      }
    }
    return outputs;
  }

  private static Map<String, Object> contextMerge(Map<String, Object> merge) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("source", merge.get("source"));
    if (merge.get("group") != null) {
      data.put("group", merge.get("group"));
    }
    data.put("added", merge.get("added"));
    data.put("unchanged", merge.get("unchanged"));
    data.put("conflicts", merge.get("conflicts"));
    return data;
  }

  private Map<String, Object> failure(io.temporal.api.failure.v1.Failure failure) {
    Map<String, Object> data = new LinkedHashMap<>();
    Exception exception = converter.failureToException(failure);
    if (exception instanceof ApplicationFailure application) {
      data.put("message", application.getOriginalMessage());
      data.put("type", application.getType());
    } else if (exception instanceof TemporalFailure temporal) {
      data.put("message", temporal.getOriginalMessage());
      data.put("type", temporal.getClass().getSimpleName());
    } else {
      data.put("message", failure.getMessage());
    }
    return data;
  }

  private Optional<String> searchAttribute(Map<String, Payload> fields) {
    Payload payload = fields.get(STATUS_ATTRIBUTE);
    if (payload == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(converter.fromPayload(payload, String.class, String.class));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private Object first(Payloads payloads) {
    if (payloads == null || payloads.getPayloadsCount() == 0) {
      return null;
    }
    try {
      return new EncodedValues(Optional.of(payloads), converter).get(0, Object.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
  }

  private static Map<String, Object> data(String key, Object value) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(key, value);
    return data;
  }
}

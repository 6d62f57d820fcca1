package io.taskforge.app.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.agency.ContextConflict;
import io.taskforge.workflows.agency.ContextMerge;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ChildWorkflowExecutionStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.api.history.v1.UpsertWorkflowSearchAttributesEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionCompletedEventAttributes;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryEventMapperTest {
  private final DataConverter converter = DefaultDataConverter.newDefaultInstance();
  private final HistoryEventMapper mapper = new HistoryEventMapper(converter);

  @Test
  void statusUpsert_isAStatusEventWithTheHistoryEventsId() {
    HistoryEvent event =
        HistoryEvent.newBuilder()
            .setEventId(7)
            .setEventType(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
            .setUpsertWorkflowSearchAttributesEventAttributes(
                UpsertWorkflowSearchAttributesEventAttributes.newBuilder()
                    .setSearchAttributes(
                        SearchAttributes.newBuilder()
                            .putIndexedFields(
                                "TaskStatus", converter.toPayload("RUNNING").orElseThrow())))
            .build();

    assertThat(mapper.map(StreamKind.TASK, 0, event, "t"))
        .containsExactly(
            new StreamEvent(new EventId(0, 7, 0), "status", Map.of("status", "RUNNING")));
  }

  @Test
  void completion_givesItsOutputThenTheEnd() {
    HistoryEvent event =
        HistoryEvent.newBuilder()
            .setEventId(20)
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)
            .setWorkflowExecutionCompletedEventAttributes(
                WorkflowExecutionCompletedEventAttributes.newBuilder()
                    .setResult(
                        payloads(
                            Map.of(
                                "status", "COMPLETED", "output", Map.of("data", Map.of("n", 1))))))
            .build();

    List<StreamEvent> events = mapper.map(StreamKind.TASK, 0, event, "t");

    assertThat(events).extracting(StreamEvent::name).containsExactly("output", "end");
    assertThat(events.get(0).data()).containsEntry("output", Map.of("n", 1));
    assertThat(events.get(1).id().toString()).isEqualTo("20.end");
  }

  @Test
  void agencyChildStarted_isAGroupEventNamedWithoutTheAgencyPrefix() {
    HistoryEvent event =
        HistoryEvent.newBuilder()
            .setEventId(9)
            .setEventType(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)
            .setChildWorkflowExecutionStartedEventAttributes(
                ChildWorkflowExecutionStartedEventAttributes.newBuilder()
                    .setWorkflowExecution(
                        WorkflowExecution.newBuilder().setWorkflowId("ag.design")))
            .build();

    assertThat(mapper.map(StreamKind.AGENCY, 1, event, "ag"))
        .containsExactly(
            new StreamEvent(
                new EventId(1, 9, 0),
                "group",
                Map.of("group", "design", "groupId", "ag.design", "status", "RUNNING")));
  }

  @Test
  void agencyMergeMarker_isAContextEventWithItsConflicts() {
    ContextMerge merge =
        new ContextMerge(
            "group:b",
            Map.of("answer", 2),
            List.of(),
            List.of(),
            List.of(new ContextConflict("answer", 1, "group:a", 2, "group:b", null)),
            "b");
    HistoryEvent event =
        HistoryEvent.newBuilder()
            .setEventId(15)
            .setEventType(EventType.EVENT_TYPE_MARKER_RECORDED)
            .setMarkerRecordedEventAttributes(
                MarkerRecordedEventAttributes.newBuilder()
                    .setMarkerName("SideEffect")
                    .putDetails("data", payloads(merge)))
            .build();

    List<StreamEvent> events = mapper.map(StreamKind.AGENCY, 0, event, "ag");

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo("context");
              assertThat(e.data()).containsEntry("group", "b");
              assertThat((List<?>) e.data().get("conflicts")).hasSize(1);
            });
    assertThat(mapper.map(StreamKind.GROUP, 0, event, "ag")).isEmpty();
  }

  private Payloads payloads(Object value) {
    return converter.toPayloads(value).orElseThrow();
  }
}

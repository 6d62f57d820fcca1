package io.taskforge.app.events;

import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.security.Tenancy;
import io.taskforge.app.web.Blocking;
import io.taskforge.app.web.Problems;
import io.taskforge.app.web.WorkflowLookup;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Server-Sent Events of tasks, groups and agencies: status changes, attempts, progress, outputs,
 * context merges and failures, then {@code end}, after which the stream closes. Every event has an
 * id (see {@link EventId}); a client that reconnects with {@code Last-Event-ID} (or {@code
 * ?lastEventId=}) gets every later event and none it already had.
 */
@RestController
public class EventStreamController {
  private final EventStreams streams;
  private final WorkflowClient client;
  private final Blocking blocking;

  public EventStreamController(
      EventStreams streams, TemporalApiClient temporal, Blocking blocking) {
    this.streams = streams;
    this.client = temporal.workflows();
    this.blocking = blocking;
  }

  @GetMapping(path = "/api/v1/tasks/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Mono<ResponseEntity<Flux<ServerSentEvent<Map<String, Object>>>>> task(
      @PathVariable String id,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
    return open(StreamKind.TASK, id, lastEventId != null ? lastEventId : lastEventIdParam);
  }

  @GetMapping(
      path = "/api/v1/task-groups/{id}/events",
      produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Mono<ResponseEntity<Flux<ServerSentEvent<Map<String, Object>>>>> group(
      @PathVariable String id,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
    return open(StreamKind.GROUP, id, lastEventId != null ? lastEventId : lastEventIdParam);
  }

  @GetMapping(path = "/api/v1/agencies/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Mono<ResponseEntity<Flux<ServerSentEvent<Map<String, Object>>>>> agency(
      @PathVariable String id,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
    return open(StreamKind.AGENCY, id, lastEventId != null ? lastEventId : lastEventIdParam);
  }

  /**
   * 404 before any stream when there is no such workflow of the kind, or it is another tenant's;
   * 422 for a bad id.
   */
  private Mono<ResponseEntity<Flux<ServerSentEvent<Map<String, Object>>>>> open(
      StreamKind kind, String id, String lastEventId) {
    EventId after =
        lastEventId == null || lastEventId.isBlank()
            ? EventId.START
            : EventId.parse(lastEventId)
                .orElseThrow(
                    () ->
                        Problems.invalid(
                            "Last-Event-ID",
                            "is not an event id of this API, such as 12, 12.p3, 12.end or 1:7"));
    return Tenancy.current()
        .flatMap(
            tenant ->
                blocking
                    .run(() -> requireExists(tenant, kind, id))
                    .then(
                        Mono.fromSupplier(
                            () ->
                                ResponseEntity.ok()
                                    .contentType(MediaType.TEXT_EVENT_STREAM)
                                    .header("Cache-Control", "no-cache")
                                    .header("X-Accel-Buffering", "no")
                                    .body(
                                        streams.stream(
                                            kind,
                                            tenant,
                                            Tenancy.workflowId(tenant, id),
                                            after)))));
  }

  /** An API id never holds the separator of id spaces, so {@code /} is refused here too. */
  private void requireExists(String tenant, StreamKind kind, String id) {
    if (id == null || id.length() > 200 || !id.matches("[A-Za-z0-9][A-Za-z0-9._:-]*")) {
      throw Problems.notFound(kind.noun, id);
    }
    WorkflowLookup.describe(client, tenant, id, kind.workflowType, kind.noun);
  }
}

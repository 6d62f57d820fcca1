package io.taskforge.app.events;

import io.taskforge.app.config.TemporalApiClient;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Live event streams of tasks, groups and agencies, derived from Temporal history (the one source
 * of truth). Each open stream holds one thread of a bounded pool of its own, blocked in a long
 * poll, so streams never block the event loop nor starve the pool that serves other requests. Each
 * event is logged with the workflow's id under its MDC key ({@code taskId}, {@code groupId}, {@code
 * agencyId}).
 */
@Component
public class EventStreams implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

  private final WorkflowClient client;
  private final Scheduler scheduler;
  private final Duration progressInterval;

  public EventStreams(
      TemporalApiClient temporal,
      @Value("${taskforge.events.max-streams:256}") int maxStreams,
      @Value("${taskforge.events.progress-interval:1s}") Duration progressInterval) {
    this.client = temporal.workflows();
    this.scheduler = Schedulers.newBoundedElastic(maxStreams, maxStreams, "event-stream");
    this.progressInterval = progressInterval;
  }

  /** The stream of the tenant's workflow {@code id} (its workflow id). */
  Flux<ServerSentEvent<Map<String, Object>>> stream(
      StreamKind kind, String tenant, String id, EventId after) {
    return Flux.<ServerSentEvent<Map<String, Object>>>create(
            sink -> {
              AtomicBoolean stopped = new AtomicBoolean();
              sink.onDispose(() -> stopped.set(true));
              HistoryFollower follower =
                  new HistoryFollower(
                      client.getWorkflowServiceStubs().blockingStub(),
                      client.getOptions().getNamespace(),
                      client.getOptions().getDataConverter(),
                      kind,
                      tenant,
                      id,
                      after,
                      progressInterval,
                      event -> {
                        logged(kind, id, event);
                        sink.next(
                            ServerSentEvent.<Map<String, Object>>builder()
                                .id(event.id().toString())
                                .event(event.name())
                                .data(event.data())
                                .build());
                      },
                      () ->
                          sink.next(
                              ServerSentEvent.<Map<String, Object>>builder()
                                  .comment("keep-alive")
                                  .build()),
                      stopped::get);
              try {
                follower.run();
                sink.complete();
              } catch (RuntimeException e) {
                if (stopped.get()) {
                  // The client went away: its thread was interrupted out of the long poll.
                  log.debug("event stream of {} {} closed by the client", kind.noun, id);
                  return;
                }
                log.warn("event stream of {} {} failed: {}", kind.noun, id, e.toString());
                sink.error(e);
              }
            })
        .subscribeOn(scheduler);
  }

  private static void logged(StreamKind kind, String id, StreamEvent event) {
    try (MDC.MDCCloseable ignored = MDC.putCloseable(kind.mdcKey, id)) {
      if (event.isEnd()) {
        log.info("{} {} ended {}", kind.noun, id, event.data().get("status"));
      } else {
        log.debug("{} {} event {} {}: {}", kind.noun, id, event.id(), event.name(), event.data());
      }
    }
  }

  @Override
  public void destroy() {
    scheduler.dispose();
  }
}

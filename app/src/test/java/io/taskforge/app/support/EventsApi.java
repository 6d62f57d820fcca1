package io.taskforge.app.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/** An SSE client over the events endpoints, for end-to-end tests. */
public final class EventsApi {
  private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT =
      new ParameterizedTypeReference<>() {};

  private final WebTestClient client;

  public EventsApi(WebTestClient client) {
    this.client = client.mutate().responseTimeout(Duration.ofMinutes(2)).build();
  }

  /** Reads the stream through its {@code end} event. */
  public List<ServerSentEvent<Map<String, Object>>> readToEnd(String path, String lastEventId) {
    return read(path, lastEventId, Integer.MAX_VALUE);
  }

  /**
   * Reads at most {@code max} events (keep-alive comments not counted), then disconnects; fewer
   * when the stream ends first.
   */
  public List<ServerSentEvent<Map<String, Object>>> read(String path, String lastEventId, int max) {
    WebTestClient.RequestHeadersSpec<?> request =
        client.get().uri(path).accept(MediaType.TEXT_EVENT_STREAM);
    if (lastEventId != null) {
      request = request.header("Last-Event-ID", lastEventId);
    }
    return request
        .exchange()
        .expectStatus()
        .isOk()
        .returnResult(EVENT)
        .getResponseBody()
        .filter(event -> event.event() != null)
        .takeUntil(event -> "end".equals(event.event()))
        .take(max)
        .collectList()
        .block(Duration.ofMinutes(2));
  }

  public static List<String> ids(List<ServerSentEvent<Map<String, Object>>> events) {
    return events.stream().map(ServerSentEvent::id).toList();
  }

  public static List<String> names(List<ServerSentEvent<Map<String, Object>>> events) {
    return events.stream().map(ServerSentEvent::event).toList();
  }
}

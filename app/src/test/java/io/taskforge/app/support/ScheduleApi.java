package io.taskforge.app.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Small helpers over the schedule API for end-to-end tests. */
public final class ScheduleApi {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  private final WebTestClient client;

  public ScheduleApi(WebTestClient client) {
    this.client = client;
  }

  /** Creates a schedule; fails unless the API answers 201. */
  public Map<String, Object> create(Map<String, Object> request) {
    return client
        .post()
        .uri("/api/v1/schedules")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(request)
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  public Map<String, Object> get(String id) {
    return client
        .get()
        .uri("/api/v1/schedules/{id}", id)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  /** POSTs a command ({@code pause}, {@code trigger}, ...) and returns the schedule it answers. */
  public Map<String, Object> command(String id, String command, Map<String, Object> body) {
    return client
        .post()
        .uri("/api/v1/schedules/{id}/{command}", id, command)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .is2xxSuccessful()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  public Map<String, Object> patch(String id, Map<String, Object> body) {
    return client
        .patch()
        .uri("/api/v1/schedules/{id}", id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  /** Deletes the schedule if it exists (204 or 404). */
  public void delete(String id) {
    client.delete().uri("/api/v1/schedules/{id}", id).exchange();
  }

  public WebTestClient.ResponseSpec raw(String id) {
    return client.get().uri("/api/v1/schedules/{id}", id).exchange();
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> list(String query) {
    return (List<Map<String, Object>>)
        client
            .get()
            .uri("/api/v1/schedules?" + query)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("schedules");
  }

  /** Waits until the schedule, as described, satisfies the condition; returns it then. */
  public Map<String, Object> awaitUntil(
      String id, Predicate<Map<String, Object>> condition, Duration limit) {
    return await()
        .atMost(limit)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> get(id), condition::test);
  }

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> recentActions(Map<String, Object> schedule) {
    return (List<Map<String, Object>>) schedule.get("recentActions");
  }

  @SuppressWarnings("unchecked")
  public static long actionCount(Map<String, Object> schedule) {
    return ((Number) ((Map<String, Object>) schedule.get("info")).get("actionCount")).longValue();
  }
}

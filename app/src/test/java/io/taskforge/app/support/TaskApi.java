package io.taskforge.app.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Small helpers over the REST API for end-to-end tests. */
public final class TaskApi {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  private final WebTestClient client;

  public TaskApi(WebTestClient client) {
    // Groups with large inline outputs answer with more than the default 256 KB buffer.
    this.client =
        client.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
  }

  /** Submits a task and returns its id; fails unless the API answers 202. */
  public String submit(Map<String, Object> request) {
    Map<String, Object> task =
        client
            .post()
            .uri("/api/v1/tasks")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(request)
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (String) task.get("id");
  }

  public Map<String, Object> get(String id) {
    return client
        .get()
        .uri("/api/v1/tasks/{id}", id)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  /** Waits until the task has the status, and returns it then. */
  public Map<String, Object> awaitStatus(String id, String status) {
    return awaitStatus(id, status, Duration.ofSeconds(60));
  }

  public Map<String, Object> awaitStatus(String id, String status, Duration limit) {
    return await()
        .atMost(limit)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions() // a group's child task does not exist until the group starts it
        .until(() -> get(id), task -> status.equals(task.get("status")));
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> list(String query) {
    Map<String, Object> page =
        client
            .get()
            .uri("/api/v1/tasks?" + query)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (List<Map<String, Object>>) page.get("tasks");
  }

  public static Map<String, Object> sleep(String duration) {
    return Map.of("type", "sleep", "params", Map.of("duration", duration));
  }
}

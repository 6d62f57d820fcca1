package io.taskforge.app.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Small helpers over the task-group API for end-to-end tests. */
public final class GroupApi {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  private final WebTestClient client;

  public GroupApi(WebTestClient client) {
    // Groups with large inline outputs answer with more than the default 256 KB buffer.
    this.client =
        client.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
  }

  public String submit(Map<String, Object> group) {
    return (String)
        client
            .post()
            .uri("/api/v1/task-groups")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(group)
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("id");
  }

  public Map<String, Object> get(String id) {
    return client
        .get()
        .uri("/api/v1/task-groups/{id}", id)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  /** Waits until the group is in the status; fails at once if it ends in another. */
  public Map<String, Object> awaitStatus(String id, String status, Duration limit) {
    Map<String, Object> group =
        await()
            .atMost(limit)
            .pollInterval(Duration.ofMillis(300))
            .until(
                () -> get(id),
                g -> status.equals(g.get("status")) || TERMINAL.contains(g.get("status")));
    assertThat(group.get("status")).as("group %s: %s", id, group).isEqualTo(status);
    return group;
  }

  private static final List<String> TERMINAL = List.of("COMPLETED", "FAILED", "CANCELLED");

  @SuppressWarnings("unchecked")
  public static Map<String, Object> task(Map<String, Object> group, String name) {
    return ((List<Map<String, Object>>) group.get("tasks"))
        .stream()
            .filter(t -> name.equals(t.get("name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no task " + name + " in " + group));
  }
}

package io.taskforge.app.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.TaskApi;
import io.taskforge.app.support.TemporalDevServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The Temporal server dies and comes back: meanwhile the API answers 503 with Retry-After and
 * starts nothing; afterwards it serves again, and a task accepted before the crash still completes.
 */
@EndToEndTest
class TemporalOutageIT {
  @Autowired WebTestClient web;

  @AfterEach
  void serverIsBack() {
    TemporalDevServer.shared().start();
  }

  @Test
  void serverDown_is503_andAcceptedWorkSurvivesTheRestart() {
    TaskApi api = new TaskApi(web);
    String id = api.submit(TaskApi.sleep("3s"));
    api.awaitStatus(id, "RUNNING");

    TemporalDevServer.shared().stop();

    web.get()
        .uri("/api/v1/tasks/{id}", id)
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .exists(HttpHeaders.RETRY_AFTER)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:taskforge:problem:temporal-unavailable");
    web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(TaskApi.sleep("10ms"))
        .exchange()
        .expectStatus()
        .isEqualTo(503);
    // Health still answers, within its own deadline, and says it is Temporal that is down.
    web.get()
        .uri("/api/v1/workers/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("DOWN")
        .jsonPath("$.parts[?(@.name == 'temporal')].status")
        .isEqualTo("DOWN");

    TemporalDevServer.shared().start();

    Map<String, Object> task = api.awaitStatus(id, "COMPLETED", Duration.ofSeconds(120));
    assertThat(task.get("type")).isEqualTo("sleep");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(api.submit(TaskApi.sleep("10ms"))).isNotBlank());
  }
}

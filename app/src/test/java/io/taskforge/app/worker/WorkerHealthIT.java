package io.taskforge.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.app.support.EndToEndTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An API with no CPU worker behind it (its queue has no poller): health answers, names the CPU
 * worker's queue as down and Temporal as up, rather than timing out as if Temporal were down.
 */
@EndToEndTest
@TestPropertySource(
    properties = {"taskforge.worker.enabled=false", "taskforge.worker.task-queue=health-it-nobody"})
class WorkerHealthIT {
  @Autowired WebTestClient web;

  @Test
  @SuppressWarnings("unchecked")
  void cpuWorkerDown_isNamed_andTemporalIsUp() {
    Map<String, Object> health =
        web.get()
            .uri("/api/v1/workers/health")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();

    List<Map<String, Object>> parts = (List<Map<String, Object>>) health.get("parts");
    assertThat(part(parts, "temporal")).containsEntry("status", "UP");
    assertThat(part(parts, "cpu-worker")).containsEntry("status", "DOWN");
    assertThat(part(parts, "cpu-worker").get("detail").toString()).contains("health-it-nobody");
    assertThat(health.get("status")).isIn("DEGRADED", "DOWN");
  }

  private static Map<String, Object> part(List<Map<String, Object>> parts, String name) {
    return parts.stream().filter(p -> name.equals(p.get("name"))).findFirst().orElseThrow();
  }
}

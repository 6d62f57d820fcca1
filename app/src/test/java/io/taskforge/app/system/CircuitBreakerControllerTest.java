package io.taskforge.app.system;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.activities.breaker.BreakerKind;
import io.taskforge.activities.breaker.BreakerPermit;
import io.taskforge.activities.breaker.CircuitBreakerSettings;
import io.taskforge.activities.breaker.CircuitBreakers;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.web.ApiExceptionHandler;
import io.taskforge.app.web.Blocking;
import io.taskforge.workflows.worker.CircuitBreakerState;
import io.taskforge.workflows.worker.WorkerEntry;
import io.taskforge.workflows.worker.WorkerMode;
import io.taskforge.workflows.worker.WorkerRegistryWorkflow;
import io.taskforge.workflows.worker.WorkerReport;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The breaker endpoint over real breakers; the worker registry is a mock. */
@WebFluxTest(controllers = CircuitBreakerController.class)
@Import({ApiExceptionHandler.class, Blocking.class, CircuitBreakerControllerTest.Breakers.class})
class CircuitBreakerControllerTest {
  static final String TARGET = "https://api.example.test:443";

  @Autowired WebTestClient web;
  @Autowired CircuitBreakers breakers;
  @MockitoBean TemporalApiClient temporal;
  final WorkflowClient client = mock(WorkflowClient.class);
  final WorkerRegistryWorkflow registry = mock(WorkerRegistryWorkflow.class);

  @TestConfiguration
  @EnableConfigurationProperties(ApiSettings.class)
  static class Breakers {
    @Bean
    CircuitBreakers circuitBreakers() {
      return new CircuitBreakers(
          new CircuitBreakerSettings(
              true,
              50,
              SlidingWindowType.COUNT_BASED,
              2,
              2,
              Duration.ofMinutes(1),
              1,
              null,
              100,
              100,
              Map.of()),
          Clock.systemUTC());
    }
  }

  @BeforeEach
  void registry() {
    when(temporal.workflows()).thenReturn(client);
    when(client.newWorkflowStub(WorkerRegistryWorkflow.class, WorkerRegistryWorkflow.ID))
        .thenReturn(registry);
  }

  /** Opens the breaker; the context, and so the breaker, is shared by the tests. */
  void open() {
    breakers.reset("http_request:" + TARGET);
    for (int i = 0; i < 2; i++) {
      try (BreakerPermit permit = breakers.acquire(BreakerKind.HTTP_REQUEST, TARGET)) {
        permit.failure("HTTP 503");
      }
    }
  }

  @Test
  void list_showsThisProcesssBreakers_andTheGpuWorkersReportedOnes() {
    open();
    Instant seen = Instant.parse("2026-01-01T00:00:00Z");
    CircuitBreakerState gpu =
        new CircuitBreakerState(
            "openai:http://localhost:8000",
            "openai",
            "http://localhost:8000",
            "HALF_OPEN",
            null,
            null,
            1,
            0,
            0,
            7,
            seen,
            null);
    when(registry.workers()).thenReturn(List.of(new WorkerEntry(report("gpu-1", gpu), seen, true)));

    web.get()
        .uri("/api/v1/system/circuit-breakers")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.enabled")
        .isEqualTo(true)
        .jsonPath("$.breakers[0].name")
        .isEqualTo("http_request:" + TARGET)
        .jsonPath("$.breakers[0].state")
        .isEqualTo("OPEN")
        .jsonPath("$.breakers[0].failureRate")
        .isEqualTo(100.0)
        .jsonPath("$.breakers[0].retryAt")
        .isNotEmpty()
        .jsonPath("$.gpuWorkers[0].workerId")
        .isEqualTo("gpu-1")
        .jsonPath("$.gpuWorkers[0].breakers[0].state")
        .isEqualTo("HALF_OPEN")
        .jsonPath("$.gpuWorkers[0].breakers[0].notPermittedCalls")
        .isEqualTo(7)
        .jsonPath("$.notes")
        .isEmpty();
  }

  @Test
  void list_whenTemporalIsDown_stillShowsThisProcesssBreakers_withANote() {
    open();
    when(registry.workers())
        .thenThrow(
            new StatusRuntimeException(
                Status.UNAVAILABLE.withDescription("io exception remote_addr=10.0.0.7:7233")));

    web.get()
        .uri("/api/v1/system/circuit-breakers")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.breakers[0].state")
        .isEqualTo("OPEN")
        .jsonPath("$.gpuWorkers")
        .isEmpty()
        .jsonPath("$.notes[0]")
        .value(
            note ->
                org.assertj.core.api.Assertions.assertThat((String) note)
                    .contains("could not be read now")
                    .doesNotContain("UNAVAILABLE")
                    .doesNotContain("10.0.0.7")
                    .doesNotContain("Exception"));
  }

  @Test
  void reset_closesAnOpenBreaker() {
    open();

    web.post()
        .uri("/api/v1/system/circuit-breakers/reset?name={name}", "http_request:" + TARGET)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("CLOSED")
        .jsonPath("$.bufferedCalls")
        .isEqualTo(0);
    try (BreakerPermit permit = breakers.acquire(BreakerKind.HTTP_REQUEST, TARGET)) {
      permit.success();
    }
  }

  private static WorkerReport report(String workerId, CircuitBreakerState breaker) {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    return new WorkerReport(
        workerId,
        "host",
        "gpu@" + workerId,
        "gpu",
        WorkerMode.CPU,
        List.of(),
        1,
        0,
        0,
        0,
        0,
        List.of(),
        List.of("llm_inference"),
        at,
        at,
        Duration.ofSeconds(15),
        false,
        List.of(breaker),
        List.of());
  }
}

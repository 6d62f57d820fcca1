package io.taskforge.gpuworker.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.taskforge.activities.breaker.BreakerSnapshot;
import io.taskforge.activities.breaker.CircuitBreakerSettings;
import io.taskforge.activities.breaker.CircuitBreakers;
import io.taskforge.activities.breaker.MutableClock;
import io.taskforge.gpuworker.GpuWorkerSettings.TypeSettings;
import io.taskforge.gpuworker.runner.FakeInferenceServer.Answer;
import io.taskforge.gpuworker.slot.DeviceLease;
import io.taskforge.workflows.gpu.GpuFailureTypes;
import io.taskforge.workflows.task.FailureTypes;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The openai runner's breaker, one per base URL, against a fake inference server. */
class OpenAiRunnerBreakerTest {
  private static final ObjectMapper JSON = JacksonJsonPayloadConverter.newDefaultObjectMapper();
  private static final DeviceLease GPU = new DeviceLease(1, 0, "H100", "0");
  private static final String CHAT = "/v1/chat/completions";
  private static final String OK =
      "{\"model\":\"m\",\"choices\":[{\"message\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}";

  private final FakeInferenceServer server = new FakeInferenceServer();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  /** Opens when 2 of the last 4 calls failed (at least 4), open 20 s, 1 trial call. */
  private final CircuitBreakers breakers =
      new CircuitBreakers(
          new CircuitBreakerSettings(
              true,
              50,
              SlidingWindowType.COUNT_BASED,
              4,
              4,
              Duration.ofSeconds(20),
              1,
              null,
              100,
              100,
              Map.of()),
          clock);

  @TempDir Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void failingServer_opensTheBreaker_andTheNextRunFailsFastWithoutARequest() {
    server.answer(CHAT, Answer.json(503, "{\"error\":\"overloaded\"}"));
    OpenAiRunner runner = runner("llm_inference", server.baseUrl() + "/");
    for (int i = 0; i < 4; i++) {
      assertThat(failure(runner).getType()).isEqualTo(GpuFailureTypes.INFERENCE_SERVER_UNAVAILABLE);
    }
    clock.advance(Duration.ofSeconds(5));

    ApplicationFailure fast = failure(runner);

    assertThat(fast.getType()).isEqualTo(FailureTypes.CIRCUIT_OPEN);
    assertThat(fast.isNonRetryable()).isFalse();
    assertThat(fast.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(15));
    assertThat(fast.getOriginalMessage()).contains("openai:" + server.baseUrl());
    assertThat(InferenceFailures.restsDevice(fast)).isFalse();
    assertThat(server.requests()).hasSize(4);
  }

  @Test
  void taskTypesOnTheSameServer_shareOneBreaker_andRecoveryClosesIt() throws Exception {
    server.answer(CHAT, Answer.json(500, "{\"error\":\"crashed\"}"));
    OpenAiRunner chat = runner("llm_inference", server.baseUrl());
    OpenAiRunner vision = runner("image_to_text", server.baseUrl());
    for (int i = 0; i < 4; i++) {
      failure(i % 2 == 0 ? chat : vision);
    }
    assertThat(failure(vision).getType()).isEqualTo(FailureTypes.CIRCUIT_OPEN);

    server.answer(CHAT, Answer.json(200, OK));
    clock.advance(Duration.ofSeconds(21));
    InferenceResult result = chat.run(request("llm_inference"), new FakeTaskContext(dir, "task-1"));

    assertThat(result.data()).containsEntry("text", "hi");
    assertThat(breakers.snapshot())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.name()).isEqualTo("openai:" + server.baseUrl());
              assertThat(b.state()).isEqualTo("CLOSED");
            });
  }

  @Test
  void unreachableServer_countsAgainstIt() {
    OpenAiRunner runner = runner("llm_inference", "http://127.0.0.1:1");
    for (int i = 0; i < 4; i++) {
      assertThat(failure(runner).getType()).isEqualTo(GpuFailureTypes.INFERENCE_SERVER_UNAVAILABLE);
    }

    assertThat(failure(runner).getType()).isEqualTo(FailureTypes.CIRCUIT_OPEN);
  }

  @Test
  void outOfMemoryAndBadRequests_areAnswers_andKeepItClosed() {
    server.answer(CHAT, Answer.json(500, "{\"error\":\"CUDA out of memory\"}"));
    OpenAiRunner runner = runner("llm_inference", server.baseUrl());
    for (int i = 0; i < 4; i++) {
      assertThat(failure(runner).getType()).isEqualTo(GpuFailureTypes.GPU_OUT_OF_MEMORY);
    }
    server.answer(CHAT, Answer.json(400, "{\"error\":\"bad\"}"));
    for (int i = 0; i < 4; i++) {
      assertThat(failure(runner).getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
    }

    BreakerSnapshot breaker = breakers.snapshot().getFirst();
    assertThat(breaker.state()).isEqualTo("CLOSED");
    assertThat(breaker.failedCalls()).isZero();
  }

  private OpenAiRunner runner(String type, String baseUrl) {
    return new OpenAiRunner(
        type,
        new TypeSettings(
            "openai", baseUrl, null, null, "m", List.of(), Map.of(), Duration.ofSeconds(10)),
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
        JSON,
        breakers);
  }

  private static InferenceRequest request(String type) {
    return new InferenceRequest("task-1", type, Map.of("prompt", "hello"), "m", GPU);
  }

  private ApplicationFailure failure(OpenAiRunner runner) {
    try {
      runner.run(request("llm_inference"), new FakeTaskContext(dir, "task-1"));
    } catch (ApplicationFailure e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the run succeeded");
  }
}

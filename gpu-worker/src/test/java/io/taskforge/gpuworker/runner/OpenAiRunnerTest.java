package io.taskforge.gpuworker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.TaskCancelledException;
import io.taskforge.activities.breaker.CircuitBreakerSettings;
import io.taskforge.activities.breaker.CircuitBreakers;
import io.taskforge.gpuworker.GpuWorkerSettings.TypeSettings;
import io.taskforge.gpuworker.runner.FakeInferenceServer.Answer;
import io.taskforge.gpuworker.slot.DeviceLease;
import io.taskforge.workflows.gpu.GpuFailureTypes;
import io.taskforge.workflows.task.FailureTypes;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.failure.ApplicationFailure;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The openai runner against a real local HTTP server standing in for vLLM / llama.cpp. */
class OpenAiRunnerTest {
  private static final ObjectMapper JSON = JacksonJsonPayloadConverter.newDefaultObjectMapper();
  private static final DeviceLease GPU = new DeviceLease(1, 0, "H100", "0");

  private final FakeInferenceServer server = new FakeInferenceServer();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  OpenAiRunner runner(String type, String baseUrl) {
    return new OpenAiRunner(
        type,
        new TypeSettings(
            "openai", baseUrl, "secret", null, null, List.of(), Map.of(), Duration.ofSeconds(30)),
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
        JSON,
        new CircuitBreakers(CircuitBreakerSettings.defaults(), Clock.systemUTC()));
  }

  static InferenceRequest request(String type, Map<String, Object> params) {
    return new InferenceRequest("task-1", type, params, (String) params.get("model"), GPU);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> sentBody(int index) throws Exception {
    return JSON.readValue(server.requests().get(index).body(), Map.class);
  }

  @Test
  void llmInference_postsChatCompletionAndReturnsTheText() throws Exception {
    server.answer(
        "/v1/chat/completions",
        Answer.json(
            200,
            """
            {"model":"llama-3-8b","choices":[{"message":{"role":"assistant","content":"Hi!"},
             "finish_reason":"stop"}],"usage":{"total_tokens":12}}"""));

    InferenceResult result =
        runner("llm_inference", server.baseUrl())
            .run(
                request(
                    "llm_inference",
                    Map.of(
                        "prompt",
                        "Hello",
                        "model",
                        "llama-3-8b",
                        "maxTokens",
                        64,
                        "system",
                        "Be brief.")),
                new FakeTaskContext(dir, "task-1"));

    assertThat(result.data())
        .containsEntry("text", "Hi!")
        .containsEntry("finishReason", "stop")
        .containsEntry("model", "llama-3-8b");
    assertThat(result.model()).isEqualTo("llama-3-8b");
    assertThat(sentBody(0))
        .containsEntry("model", "llama-3-8b")
        .containsEntry("max_tokens", 64)
        .containsEntry(
            "messages",
            List.of(
                Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", "Hello")));
    assertThat(server.requests().get(0).headers().get("Authorization"))
        .containsExactly("Bearer secret");
  }

  @Test
  void imageToText_sendsTheImageAsAnImageUrlPart() throws Exception {
    server.answer(
        "/v1/chat/completions",
        Answer.json(200, "{\"choices\":[{\"message\":{\"content\":\"a cat\"}}]}"));

    InferenceResult result =
        runner("image_to_text", server.baseUrl())
            .run(
                request(
                    "image_to_text",
                    Map.of("imageUrl", "data:image/png;base64,iVBORw0K", "prompt", "What is it?")),
                new FakeTaskContext(dir, "task-1"));

    assertThat(result.data()).containsEntry("text", "a cat");
    assertThat(server.requests().get(0).body())
        .contains("\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0K\"}")
        .contains("What is it?");
  }

  @Test
  void imageToText_withAnHttpImageUrl_isRefusedBeforeAnythingIsSent() {
    server.answer(
        "/v1/chat/completions",
        Answer.json(200, "{\"choices\":[{\"message\":{\"content\":\"a cat\"}}]}"));
    OpenAiRunner runner = runner("image_to_text", server.baseUrl());

    assertThatThrownBy(
            () ->
                runner.run(
                    request("image_to_text", Map.of("imageUrl", "http://10.0.0.5/admin")),
                    new FakeTaskContext(dir, "task-1")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("params.imageUrl").contains("data:");
            });
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void chat_withAMessageImageOrAudioUrl_isRefusedBeforeAnythingIsSent() {
    server.answer(
        "/v1/chat/completions",
        Answer.json(200, "{\"choices\":[{\"message\":{\"content\":\"hi\"}}]}"));
    OpenAiRunner runner = runner("llm_inference", server.baseUrl());
    List<Object> content =
        List.of(
            Map.of("type", "text", "text", "What is this?"),
            Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64,AA")),
            Map.of("type", "audio_url", "audio_url", Map.of("url", "https://metadata.internal/x")));

    assertThatThrownBy(
            () ->
                runner.run(
                    request(
                        "llm_inference",
                        Map.of("messages", List.of(Map.of("role", "user", "content", content)))),
                    new FakeTaskContext(dir, "task-1")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
              assertThat(f.getOriginalMessage())
                  .contains("params.messages[0].content[2].audio_url.url")
                  .doesNotContain("content[1]");
            });
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void imageGeneration_decodesBase64ImagesIntoArtifacts() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    server.answer(
        "/v1/images/generations",
        Answer.json(
            200,
            "{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(png) + "\"}]}"));
    FakeTaskContext context = new FakeTaskContext(dir, "task-1");

    InferenceResult result =
        runner("image_generation", server.baseUrl())
            .run(
                request(
                    "image_generation",
                    Map.of("prompt", "a lighthouse", "size", "512x512", "n", 1)),
                context);

    assertThat(result.data()).containsEntry("images", List.of("image-0.png"));
    assertThat(Files.readAllBytes(context.artifacts().find("task-1", "image-0.png").orElseThrow()))
        .isEqualTo(png);
    assertThat(sentBody(0))
        .containsEntry("response_format", "b64_json")
        .containsEntry("size", "512x512");
  }

  @Test
  void textToSpeech_storesTheBinaryAnswerAsAnArtifact() throws Exception {
    byte[] audio = "RIFF....WAVEfmt ".getBytes(StandardCharsets.US_ASCII);
    server.answer("/v1/audio/speech", new Answer(200, "audio/wav", audio, 0));
    FakeTaskContext context = new FakeTaskContext(dir, "task-1");

    InferenceResult result =
        runner("text_to_speech", server.baseUrl())
            .run(
                request(
                    "text_to_speech", Map.of("input", "Hello", "voice", "alloy", "format", "wav")),
                context);

    assertThat(result.data())
        .containsEntry("audio", "speech.wav")
        .containsEntry("bytes", audio.length);
    assertThat(result.artifacts())
        .singleElement()
        .satisfies(a -> assertThat(a.contentType()).isEqualTo("audio/wav"));
    assertThat(Files.readAllBytes(context.artifacts().find("task-1", "speech.wav").orElseThrow()))
        .isEqualTo(audio);
    assertThat(sentBody(0)).containsEntry("response_format", "wav").containsEntry("voice", "alloy");
  }

  @Test
  void embedding_returnsTheVectors() throws Exception {
    server.answer(
        "/v1/embeddings",
        Answer.json(
            200,
            "{\"model\":\"bge\",\"data\":[{\"embedding\":[0.1,0.2]},{\"embedding\":[0.3,0.4]}]}"));

    InferenceResult result =
        runner("embedding", server.baseUrl())
            .run(
                request("embedding", Map.of("input", List.of("a", "b"), "model", "bge")),
                new FakeTaskContext(dir, "task-1"));

    assertThat(result.data())
        .containsEntry("embeddings", List.of(List.of(0.1, 0.2), List.of(0.3, 0.4)))
        .containsEntry("dimensions", 2);
  }

  @Test
  void serverOutOfMemory_isRetryableGpuOutOfMemory() {
    server.answer(
        "/v1/chat/completions",
        Answer.json(
            500, "{\"error\":{\"message\":\"CUDA out of memory. Tried to allocate 1 GiB\"}}"));

    assertThatThrownBy(
            () ->
                runner("llm_inference", server.baseUrl())
                    .run(
                        request("llm_inference", Map.of("prompt", "x")),
                        new FakeTaskContext(dir, "t")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(GpuFailureTypes.GPU_OUT_OF_MEMORY);
              assertThat(f.isNonRetryable()).isFalse();
            });
  }

  @Test
  void server5xx_isRetryableServerUnavailable() {
    server.answer("/v1/embeddings", Answer.json(503, "{\"error\":\"loading model\"}"));

    assertThatThrownBy(
            () ->
                runner("embedding", server.baseUrl())
                    .run(request("embedding", Map.of("input", "x")), new FakeTaskContext(dir, "t")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(GpuFailureTypes.INFERENCE_SERVER_UNAVAILABLE);
              assertThat(f.isNonRetryable()).isFalse();
            });
  }

  @Test
  void deadServer_connectionRefused_isRetryableServerUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    assertThatThrownBy(
            () ->
                runner("llm_inference", "http://127.0.0.1:" + closedPort)
                    .run(
                        request("llm_inference", Map.of("prompt", "x")),
                        new FakeTaskContext(dir, "t")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(GpuFailureTypes.INFERENCE_SERVER_UNAVAILABLE);
              assertThat(f.getOriginalMessage()).contains("unreachable");
            });
  }

  @Test
  void badRequest_isNonRetryableInvalidParams() {
    server.answer("/v1/chat/completions", Answer.json(400, "{\"error\":\"max_tokens too large\"}"));

    assertThatThrownBy(
            () ->
                runner("llm_inference", server.baseUrl())
                    .run(
                        request("llm_inference", Map.of("prompt", "x")),
                        new FakeTaskContext(dir, "t")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
              assertThat(f.isNonRetryable()).isTrue();
            });
  }

  @Test
  void missingPromptAndMessages_isInvalidParamsWithoutCallingTheServer() {
    assertThatThrownBy(
            () ->
                runner("llm_inference", server.baseUrl())
                    .run(request("llm_inference", Map.of()), new FakeTaskContext(dir, "t")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureTypes.INVALID_PARAMS));
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void cancellation_abandonsTheRequestAtOnce() throws Exception {
    server.answer(
        "/v1/chat/completions", new Answer(200, "application/json", "{}".getBytes(), 30_000));
    FakeTaskContext context = new FakeTaskContext(dir, "t");
    OpenAiRunner runner = runner("llm_inference", server.baseUrl());
    CompletableFuture<InferenceResult> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return runner.run(request("llm_inference", Map.of("prompt", "x")), context);
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    org.awaitility.Awaitility.await().until(() -> !server.requests().isEmpty());

    context.cancel();

    assertThatThrownBy(() -> run.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TaskCancelledException.class);
  }

  @Test
  void loadedModels_comeFromTheServersModelList() {
    server.answer(
        "/v1/models", Answer.json(200, "{\"data\":[{\"id\":\"llama-3-8b\"},{\"id\":\"bge\"}]}"));

    assertThat(runner("llm_inference", server.baseUrl()).loadedModels())
        .containsExactly("llama-3-8b", "bge");
    assertThat(runner("llm_inference", "http://127.0.0.1:1").loadedModels()).isEmpty();
  }
}

package io.taskforge.gpuworker.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.TaskCancelledException;
import io.taskforge.activities.TaskContext;
import io.taskforge.activities.breaker.BreakerKind;
import io.taskforge.activities.breaker.BreakerPermit;
import io.taskforge.activities.breaker.CircuitBreakers;
import io.taskforge.activities.breaker.Targets;
import io.taskforge.gpuworker.GpuWorkerSettings.TypeSettings;
import io.taskforge.workflows.task.ArtifactRef;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code openai} runner: calls an OpenAI-compatible inference server on the GPU host (vLLM,
 * llama.cpp's server, LocalAI, text-generation-inference and others speak this API). The server
 * owns the GPU; this worker's slot keeps it to one request per slot.
 *
 * <p>Endpoints by API: {@code chat} ({@code /v1/chat/completions}, also image_to_text with an image
 * part), {@code images} ({@code /v1/images/generations}, base64 images become artifacts), {@code
 * speech} ({@code /v1/audio/speech}, the binary answer becomes an artifact), {@code embeddings}
 * ({@code /v1/embeddings}).
 *
 * <p>Calls go through a circuit breaker per base URL (shared by the task types that name the same
 * server): while the server keeps failing, attempts fail fast with {@code CircuitOpen} instead of
 * holding a device slot to wait for it.
 */
public final class OpenAiRunner implements InferenceRunner {
  private static final Duration POLL = Duration.ofMillis(200);

  private final String taskType;
  private final TypeSettings settings;
  private final String baseUrl;
  private final String api;
  private final HttpClient http;
  private final ObjectMapper json;
  private final CircuitBreakers breakers;
  private final String target;

  public OpenAiRunner(
      String taskType,
      TypeSettings settings,
      HttpClient http,
      ObjectMapper json,
      CircuitBreakers breakers) {
    if (settings.baseUrl() == null || settings.baseUrl().isBlank()) {
      throw new IllegalArgumentException(
          "taskforge.gpu.types." + taskType + ".base-url is required for the openai runner");
    }
    this.taskType = taskType;
    this.settings = settings;
    this.baseUrl = settings.baseUrl().replaceAll("/+$", "");
    this.api = settings.api() != null ? settings.api() : defaultApi(taskType);
    this.http = http;
    this.json = json;
    this.breakers = breakers;
    this.target = Targets.baseUrl(baseUrl);
  }

  static String defaultApi(String taskType) {
    return switch (taskType) {
      case "image_generation" -> "images";
      case "text_to_speech" -> "speech";
      case "embedding" -> "embeddings";
      default -> "chat";
    };
  }

  @Override
  public InferenceResult run(InferenceRequest request, TaskContext context) throws Exception {
    context.progress(0, "calling " + baseUrl);
    return switch (api) {
      case "chat" -> chat(request, context);
      case "images" -> images(request, context);
      case "speech" -> speech(request, context);
      case "embeddings" -> embeddings(request, context);
      default -> throw new IllegalStateException("unknown openai api " + api + " for " + taskType);
    };
  }

  private InferenceResult chat(InferenceRequest request, TaskContext context) throws Exception {
    Map<String, Object> body = body(request);
    body.put("messages", ChatMessages.of(request));
    copy(request, "maxTokens", body, "max_tokens");
    copy(request, "temperature", body, "temperature");
    Map<String, Object> answer = postJson("/v1/chat/completions", body, context);
    Map<String, Object> data = new LinkedHashMap<>();
    List<?> choices = (List<?>) answer.getOrDefault("choices", List.of());
    if (choices.isEmpty() || !(choices.getFirst() instanceof Map<?, ?> first)) {
      throw InferenceFailures.failed("chat completion without choices: " + answer);
    }
    Object message = first.get("message");
    data.put("text", message instanceof Map<?, ?> m ? m.get("content") : null);
    data.put("finishReason", first.get("finish_reason"));
    data.put("usage", answer.get("usage"));
    data.put("model", answer.getOrDefault("model", request.model()));
    return new InferenceResult(data, List.of(), modelOf(answer, request));
  }

  private InferenceResult images(InferenceRequest request, TaskContext context) throws Exception {
    Map<String, Object> body = body(request);
    body.put("prompt", request.params().get("prompt"));
    copy(request, "n", body, "n");
    copy(request, "size", body, "size");
    copy(request, "negativePrompt", body, "negative_prompt");
    copy(request, "steps", body, "steps");
    copy(request, "seed", body, "seed");
    body.put("response_format", "b64_json");
    Map<String, Object> answer = postJson("/v1/images/generations", body, context);
    List<ArtifactRef> artifacts = new ArrayList<>();
    List<?> images = (List<?>) answer.getOrDefault("data", List.of());
    for (int i = 0; i < images.size(); i++) {
      if (images.get(i) instanceof Map<?, ?> image && image.get("b64_json") instanceof String b64) {
        byte[] png = Base64.getDecoder().decode(b64);
        artifacts.add(
            context.writeArtifact("image-" + i + ".png", "image/png", out -> out.write(png)));
      }
    }
    if (artifacts.isEmpty()) {
      throw InferenceFailures.failed("image generation returned no b64_json image");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("images", artifacts.stream().map(ArtifactRef::name).toList());
    data.put("model", request.model());
    return new InferenceResult(data, artifacts, request.model());
  }

  private InferenceResult speech(InferenceRequest request, TaskContext context) throws Exception {
    Map<String, Object> body = body(request);
    body.put("input", request.params().get("input"));
    copy(request, "voice", body, "voice");
    copy(request, "format", body, "response_format");
    copy(request, "speed", body, "speed");
    HttpResponse<byte[]> response = send(post("/v1/audio/speech", body), context);
    String format = request.string("format") == null ? "wav" : request.string("format");
    String contentType = response.headers().firstValue("Content-Type").orElse("audio/" + format);
    byte[] audio = response.body();
    ArtifactRef ref =
        context.writeArtifact("speech." + format, contentType, out -> out.write(audio));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("audio", ref.name());
    data.put("bytes", audio.length);
    data.put("model", request.model());
    return new InferenceResult(data, List.of(ref), request.model());
  }

  private InferenceResult embeddings(InferenceRequest request, TaskContext context)
      throws Exception {
    Map<String, Object> body = body(request);
    body.put("input", request.params().get("input"));
    Map<String, Object> answer = postJson("/v1/embeddings", body, context);
    List<Object> vectors = new ArrayList<>();
    for (Object item : (List<?>) answer.getOrDefault("data", List.of())) {
      if (item instanceof Map<?, ?> map) {
        vectors.add(map.get("embedding"));
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("embeddings", vectors);
    data.put("dimensions", vectors.isEmpty() ? 0 : ((List<?>) vectors.getFirst()).size());
    data.put("usage", answer.get("usage"));
    data.put("model", answer.getOrDefault("model", request.model()));
    return new InferenceResult(data, List.of(), modelOf(answer, request));
  }

  /** The models the server says it serves; empty if it cannot say. */
  @Override
  public List<String> loadedModels() {
    try {
      HttpResponse<byte[]> response =
          http.send(
              authorized(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/models")))
                  .timeout(Duration.ofSeconds(2))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        return List.of();
      }
      Map<?, ?> answer = json.readValue(response.body(), Map.class);
      List<String> ids = new ArrayList<>();
      Object listed = answer.get("data");
      for (Object model : listed instanceof List<?> list ? list : List.of()) {
        if (model instanceof Map<?, ?> m && m.get("id") instanceof String id) {
          ids.add(id);
        }
      }
      return ids;
    } catch (IOException | RuntimeException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private Map<String, Object> body(InferenceRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (request.model() != null) {
      body.put("model", request.model());
    }
    return body;
  }

  private static void copy(
      InferenceRequest request, String param, Map<String, Object> body, String field) {
    Object value = request.params().get(param);
    if (value != null) {
      body.put(field, value);
    }
  }

  private static String modelOf(Map<String, Object> answer, InferenceRequest request) {
    return answer.get("model") instanceof String model ? model : request.model();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> postJson(String path, Map<String, Object> body, TaskContext context)
      throws Exception {
    HttpResponse<byte[]> response = send(post(path, body), context);
    try {
      return json.readValue(response.body(), Map.class);
    } catch (IOException e) {
      throw InferenceFailures.failed(
          "inference server answered "
              + path
              + " with non-JSON: "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
  }

  private HttpRequest post(String path, Map<String, Object> body) throws IOException {
    return authorized(HttpRequest.newBuilder(URI.create(baseUrl + path)))
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
        .build();
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      builder.header("Authorization", "Bearer " + settings.apiKey());
    }
    return builder;
  }

  /**
   * Sends through the server's breaker and waits, giving up at once when the task is cancelled (a
   * cancelled call does not count for the breaker); errors are classified.
   */
  private HttpResponse<byte[]> send(HttpRequest request, TaskContext context) throws Exception {
    HttpResponse<byte[]> response;
    try (BreakerPermit permit = breakers.acquire(BreakerKind.OPENAI, target)) {
      CompletableFuture<HttpResponse<byte[]>> call =
          http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
      try {
        while (true) {
          try {
            response = call.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            break;
          } catch (TimeoutException stillWaiting) {
            if (context.isCancelled()) {
              call.cancel(true);
              throw new TaskCancelledException();
            }
          }
        }
      } catch (InterruptedException e) {
        call.cancel(true);
        throw e;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        permit.failure(cause);
        throw InferenceFailures.serverUnreachable(
            baseUrl, cause instanceof Exception ex ? ex : new IOException(cause));
      }
      if (response.statusCode() / 100 != 2) {
        ApplicationFailure failure =
            InferenceFailures.fromHttpStatus(
                response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        if (InferenceFailures.isServerFailure(failure)) {
          permit.failure(failure);
        } else {
          permit.success(); // it answered: out of memory or a bad request is no outage
        }
        context.progress(100, "inference server answered " + response.statusCode());
        throw failure;
      }
      permit.success();
    }
    context.progress(100, "inference server answered " + response.statusCode());
    return response;
  }
}

package io.taskforge.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.PrometheusText;
import io.taskforge.app.support.TaskApi;
import io.taskforge.app.support.TemporalDevServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * GPU workers end to end: the app (API, workflows, registry) in this JVM, and real gpu-worker
 * processes from the built jar, in CPU mode since no GPU is here. What is mocked: the GPU itself
 * (CPU mode, CUDA_VISIBLE_DEVICES is empty) and the models (a python script stands in for a model,
 * and a local HTTP server for an OpenAI-compatible inference server such as vLLM).
 */
@EndToEndTest
@TestPropertySource(properties = "taskforge.gpu.affinity-wait=3s")
class GpuWorkerIT {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};
  private static final Path DEMO_SCRIPT = Path.of("../scripts/gpu/demo_inference.py");
  private static final Path IT_SCRIPT = Path.of("src/test/resources/gpu/it_inference.py");

  private static HttpServer inferenceServer;
  private static final List<String> inferenceRequests = new ArrayList<>();

  @Autowired WebTestClient web;
  private TaskApi api;
  private final List<GpuWorkerProcess> workers = new ArrayList<>();
  private final List<String> submitted = new ArrayList<>();
  private Path pidDir;

  /** Stands in for an OpenAI-compatible inference server (vLLM, llama.cpp server). */
  @BeforeAll
  static void startInferenceServer() throws IOException {
    inferenceServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    inferenceServer.createContext(
        "/v1/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String path = exchange.getRequestURI().getPath();
          synchronized (inferenceRequests) {
            inferenceRequests.add(path + " " + body);
          }
          String answer =
              switch (path) {
                case "/v1/chat/completions" ->
                    "{\"model\":\"served-llm\",\"choices\":[{\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"Paris\"},\"finish_reason\":\"stop\"}]}";
                case "/v1/embeddings" ->
                    "{\"model\":\"served-embed\",\"data\":[{\"embedding\":[0.5,-0.5,0.25]}]}";
                case "/v1/models" -> "{\"data\":[{\"id\":\"served-llm\"}]}";
                default -> null;
              };
          byte[] bytes = (answer == null ? "{}" : answer).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer == null ? 404 : 200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    inferenceServer.start();
  }

  @AfterAll
  static void stopInferenceServer() {
    inferenceServer.stop(0);
  }

  @BeforeEach
  void setUp() throws IOException {
    api = new TaskApi(web);
    pidDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "gpu-pids-");
  }

  /** Tasks left running would be taken by the next test's workers from the shared queue. */
  @AfterEach
  void stopWorkersAndTasks() {
    for (String id : submitted) {
      web.post().uri("/api/v1/tasks/{id}/cancel?force=true", id).exchange();
    }
    workers.forEach(GpuWorkerProcess::close);
  }

  private String submit(Map<String, Object> request) {
    String id = api.submit(request);
    submitted.add(id);
    return id;
  }

  // --- runners ---

  @Test
  void processRunner_runsInferenceTasksOnACpuModeWorker_withArtifacts() {
    GpuWorkerProcess worker = startWorker("proc", demoTypes());

    String llm = submit(task("llm_inference", Map.of("prompt", "hello gpu", "model", "demo-llm")));
    String image = submit(task("image_generation", Map.of("prompt", "a lighthouse", "n", 2)));

    Map<String, Object> text = api.awaitStatus(llm, "COMPLETED");
    assertThat(result(text))
        .containsEntry("text", "[demo:demo-llm] You said: hello gpu")
        .containsEntry("device", "cpu")
        .containsEntry("cudaVisibleDevices", "")
        .containsEntry("worker", Map.of("id", worker.id(), "device", "cpu"));
    Map<String, Object> images = api.awaitStatus(image, "COMPLETED");
    assertThat(result(images)).containsEntry("images", List.of("image-0.png", "image-1.png"));
    assertThat(artifactNames(images)).containsExactly("image-0.png", "image-1.png");
    byte[] png =
        web.get()
            .uri("/api/v1/tasks/{id}/artifacts/image-0.png", image)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }

  @Test
  void invalidInput_isRefusedAtSubmission_beforeAnyWorkerSeesIt() {
    // The gpu-worker validates with the same definition (GpuTaskHandler), so a task that passes
    // here is one it accepts; what it would refuse never starts.
    web.post()
        .uri("/api/v1/tasks")
        .bodyValue(task("llm_inference", Map.of("model", "demo-llm")))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[?(@.field == 'params.prompt')]")
        .exists();
  }

  @Test
  void openAiRunner_callsTheInferenceServer() {
    String base = "http://127.0.0.1:" + inferenceServer.getAddress().getPort();
    Map<String, String> types = new HashMap<>();
    types.put("taskforge.gpu.types.llm_inference.runner", "openai");
    types.put("taskforge.gpu.types.llm_inference.base-url", base);
    types.put("taskforge.gpu.types.llm_inference.model", "served-llm");
    types.put("taskforge.gpu.types.embedding.runner", "openai");
    types.put("taskforge.gpu.types.embedding.base-url", base);
    types.put("taskforge.gpu.types.embedding.model", "served-embed");
    GpuWorkerProcess worker = startWorker("openai", types);

    String chat = submit(task("llm_inference", Map.of("prompt", "Capital of France?")));
    String embed = submit(task("embedding", Map.of("input", "hello")));

    assertThat(result(api.awaitStatus(chat, "COMPLETED")))
        .containsEntry("text", "Paris")
        .containsEntry("model", "served-llm");
    assertThat(result(api.awaitStatus(embed, "COMPLETED")))
        .containsEntry("embeddings", List.of(List.of(0.5, -0.5, 0.25)))
        .containsEntry("dimensions", 3);
    synchronized (inferenceRequests) {
      assertThat(inferenceRequests)
          .anySatisfy(
              r ->
                  assertThat(r)
                      .startsWith("/v1/chat/completions")
                      .contains("Capital of France?")
                      .contains("\"model\":\"served-llm\""))
          .anySatisfy(r -> assertThat(r).startsWith("/v1/embeddings").contains("served-embed"));
    }
    // The server's own model list counts as warm models in the worker's report.
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(workerStats(worker.id()).get("warmModels").toString())
                    .contains("served-llm"));
  }

  // --- cancellation and failover ---

  @Test
  void cancellation_killsTheRunningInferenceProcess() throws Exception {
    startWorker("cancel", itTypes());
    String id = submit(task("llm_inference", Map.of("prompt", "sleep 120")));
    api.awaitStatus(id, "RUNNING");
    Path pidFile = pidDir.resolve(id + ".pid");
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pidFile));
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(ProcessHandle.of(pid)).isPresent();

    web.post().uri("/api/v1/tasks/{id}/cancel", id).exchange().expectStatus().isAccepted();

    api.awaitStatus(id, "CANCELLED", Duration.ofSeconds(30));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
  }

  @Test
  void workerKilledMidTask_taskFinishesOnASecondWorker_andHealthShowsTheDeadOneUnhealthy()
      throws Exception {
    GpuWorkerProcess first = startWorker("first", itTypes());
    Map<String, Object> request = task("llm_inference", Map.of("prompt", "sleep 60 once"));
    request.put("timeouts", Map.of("heartbeat", "3s"));
    String id = submit(request);
    api.awaitStatus(id, "RUNNING");
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pidDir.resolve(id + ".pid")));
    GpuWorkerProcess second = startWorker("second", itTypes());

    first.kill();

    Map<String, Object> done = api.awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));
    assertThat(result(done).get("worker")).isEqualTo(Map.of("id", second.id(), "device", "cpu"));
    assertThat(done.get("attempts")).isEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Map<String, Object> health = get("/api/v1/workers/health");
              assertThat(workerIn(health, first.id())).containsEntry("healthy", false);
              assertThat(workerIn(health, second.id())).containsEntry("healthy", true);
            });
  }

  // --- model affinity ---

  @Test
  void followUpsOfASession_goToTheWorkerHoldingTheModel_andFallBackWhenItIsBusyOrGone() {
    GpuWorkerProcess a = startWorker("aff-a", itTypes());
    GpuWorkerProcess b = startWorker("aff-b", itTypes());
    String session = "s-" + UUID.randomUUID();
    Map<String, Object> params = Map.of("prompt", "hi", "model", "llama-x", "sessionId", session);

    // The first task of the session runs wherever a slot is free...
    String first = submit(task("llm_inference", params));
    String warm = workerOf(api.awaitStatus(first, "COMPLETED"));
    String other = warm.equals(a.id()) ? b.id() : a.id();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(workerStats(warm).get("warmModels").toString()).contains("llama-x"));

    // ...and its follow-ups go to the worker that now holds the model warm.
    for (int i = 0; i < 3; i++) {
      String followUp = submit(task("llm_inference", params));
      assertThat(workerOf(api.awaitStatus(followUp, "COMPLETED"))).isEqualTo(warm);
    }

    // Busy: the warm worker's only slot is taken (by a follow-up routed to it), so the next
    // follow-up falls back to the other worker instead of waiting. Were the slow task on the
    // other worker, the next one would run on the idle warm worker and this would fail.
    String slow =
        submit(
            task(
                "llm_inference",
                Map.of("prompt", "sleep 15", "model", "llama-x", "sessionId", session)));
    api.awaitStatus(slow, "RUNNING");
    Instant submitted = Instant.now();
    String whileBusy = submit(task("llm_inference", params));
    Map<String, Object> fellBack = api.awaitStatus(whileBusy, "COMPLETED", Duration.ofSeconds(30));
    assertThat(workerOf(fellBack)).isEqualTo(other);
    assertThat(Duration.between(submitted, Instant.now())).isLessThan(Duration.ofSeconds(14));
    assertThat(api.get(slow).get("status")).isEqualTo("RUNNING");

    // Gone: the warm worker dies; until the registry notices, follow-ups still try it first and
    // fall back within the short timeout.
    (warm.equals(a.id()) ? a : b).kill();
    String whileGone = submit(task("llm_inference", params));
    assertThat(workerOf(api.awaitStatus(whileGone, "COMPLETED", Duration.ofSeconds(30))))
        .isEqualTo(other);
  }

  // --- health and stats ---

  @Test
  void statsEndpoint_showsRealFiguresFromWorkersAndTemporal() {
    GpuWorkerProcess worker = startWorker("stats", demoTypes());
    String id = submit(task("embedding", Map.of("input", List.of("a", "b"))));
    api.awaitStatus(id, "COMPLETED");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Map<String, Object> stats = workerStats(worker.id());
              assertThat(stats)
                  .containsEntry("mode", "CPU")
                  .containsEntry("healthy", true)
                  .containsEntry("slotsTotal", 1)
                  .containsEntry("slotsBusy", 0)
                  .containsEntry("tasksCompleted", 1)
                  .containsEntry("queue", "gpu@" + worker.id());
              assertThat(stats.get("taskTypes").toString()).contains("embedding", "llm_inference");
            });
    Map<String, Object> all = get("/api/v1/workers/stats");
    assertThat(all.get("queues").toString()).contains("name=gpu,", "gpu-worker:" + worker.id());
    Map<String, Object> shared = queue(all, "gpu");
    assertThat(shared.get("backlogCount")).as("server 1.29 reports task-queue stats").isNotNull();
    Map<String, Object> health = get("/api/v1/workers/health");
    assertThat(workerIn(health, worker.id()))
        .containsEntry("healthy", true)
        .containsEntry("polling", true)
        .containsEntry("mode", "CPU");
  }

  // --- metrics and logs ---

  @Test
  void metricsPortAndJsonLogs_showTheWorkersSlotsTasksAndSdkMetrics() {
    GpuWorkerProcess worker =
        startWorker("metrics", demoTypes(), Map.of("TASKFORGE_LOG_FORMAT", "ecs"));
    String id = submit(task("llm_inference", Map.of("prompt", "hi", "model", "demo-llm")));
    api.awaitStatus(id, "COMPLETED");

    web.get()
        .uri(worker.metricsUrl("/actuator/health"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
    // The SDK reports its worker metrics every 10 s.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              PrometheusText metrics =
                  PrometheusText.scrape(web, worker.metricsUrl("/actuator/prometheus"));
              Map<String, String> self = Map.of("worker", worker.id(), "mode", "cpu");
              assertThat(metrics.sum("taskforge_worker_slots_capacity", self)).isEqualTo(1);
              assertThat(metrics.samples("taskforge_worker_slots_busy", self)).hasSize(1);
              assertThat(metrics.samples("taskforge_worker_tasks_running", self)).hasSize(1);
              Map<String, String> llm = Map.of("type", "llm_inference");
              assertThat(
                      metrics.sum(
                          "taskforge_task_run_duration_seconds_count",
                          Map.of("type", "llm_inference", "outcome", "success")))
                  .isGreaterThanOrEqualTo(1);
              assertThat(metrics.sum("taskforge_task_queue_wait_seconds_count", llm))
                  .isGreaterThanOrEqualTo(1);
              assertThat(
                      metrics.samples(
                          "temporal_worker_task_slots_available",
                          Map.of("task_queue", "gpu@" + worker.id())))
                  .isNotEmpty();
              assertThat(
                      metrics.sum(
                          "temporal_activity_execution_latency_seconds_count",
                          Map.of("activity_type", "llm_inference")))
                  .isGreaterThanOrEqualTo(1);
            });

    // One JSON object a line (the JVM's own start-up warnings on stderr aside), and the lines
    // about the task carry its id beside the SDK's workflow id.
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> entries =
        worker
            .log()
            .lines()
            .filter(line -> !line.isBlank() && !line.startsWith("WARNING: "))
            .map(
                line -> {
                  try {
                    return json.readTree(line);
                  } catch (IOException e) {
                    throw new AssertionError("not a JSON log line: " + line, e);
                  }
                })
            .toList();
    assertThat(entries).allSatisfy(entry -> assertThat(entry.isObject()).isTrue());
    assertThat(entries)
        .filteredOn(entry -> id.equals(entry.path("taskId").asText()))
        .isNotEmpty()
        .allSatisfy(
            entry -> {
              assertThat(entry.path("WorkflowId").asText()).isEqualTo(id);
              assertThat(entry.path("taskType").asText()).isEqualTo("llm_inference");
            });
  }

  // --- helpers ---

  private GpuWorkerProcess startWorker(String name, Map<String, String> types) {
    return startWorker(name, types, Map.of());
  }

  private GpuWorkerProcess startWorker(
      String name, Map<String, String> types, Map<String, String> env) {
    String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    GpuWorkerProcess worker =
        GpuWorkerProcess.start(id, TemporalDevServer.shared().address(), types, env);
    workers.add(worker);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(worker.isAlive()).as("worker %s exited:%n%s", id, worker.log()).isTrue();
              Map<String, Object> health = get("/api/v1/workers/health");
              assertThat(workerIn(health, id))
                  .containsEntry("healthy", true)
                  .containsEntry("polling", true);
            });
    assertThat(worker.log()).contains("CPU MODE");
    return worker;
  }

  /** Every GPU type through the process runner with the demo script `make run` uses. */
  private static Map<String, String> demoTypes() {
    Map<String, String> settings = new HashMap<>();
    for (String type :
        List.of(
            "llm_inference", "image_generation", "text_to_speech", "image_to_text", "embedding")) {
      settings.put("taskforge.gpu.types." + type + ".runner", "process");
      settings.put("taskforge.gpu.types." + type + ".command[0]", "python3");
      settings.put(
          "taskforge.gpu.types." + type + ".command[1]",
          DEMO_SCRIPT.toAbsolutePath().normalize().toString());
    }
    return settings;
  }

  /** llm_inference through the tests' script, which can run long and reports its pid. */
  private Map<String, String> itTypes() {
    Map<String, String> settings = new HashMap<>();
    settings.put("taskforge.gpu.types.llm_inference.runner", "process");
    settings.put("taskforge.gpu.types.llm_inference.command[0]", "python3");
    settings.put(
        "taskforge.gpu.types.llm_inference.command[1]", IT_SCRIPT.toAbsolutePath().toString());
    settings.put("taskforge.gpu.types.llm_inference.env.IT_PID_DIR", pidDir.toString());
    return settings;
  }

  private static Map<String, Object> task(String type, Map<String, Object> params) {
    Map<String, Object> request = new HashMap<>();
    request.put("type", type);
    request.put("params", params);
    return request;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> result(Map<String, Object> task) {
    return (Map<String, Object>) task.get("result");
  }

  @SuppressWarnings("unchecked")
  private static String workerOf(Map<String, Object> task) {
    return (String) ((Map<String, Object>) result(task).get("worker")).get("id");
  }

  @SuppressWarnings("unchecked")
  private static List<String> artifactNames(Map<String, Object> task) {
    return ((List<Map<String, Object>>) task.get("artifacts"))
        .stream().map(a -> (String) a.get("name")).toList();
  }

  private Map<String, Object> get(String path) {
    return web.get()
        .uri(path)
        .accept(MediaType.APPLICATION_JSON)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> workerIn(Map<String, Object> health, String id) {
    return ((List<Map<String, Object>>) health.get("workers"))
        .stream()
            .filter(w -> id.equals(w.get("workerId")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("worker " + id + " not in " + health));
  }

  private Map<String, Object> workerStats(String id) {
    return workerIn(get("/api/v1/workers/stats"), id);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> queue(Map<String, Object> stats, String name) {
    return ((List<Map<String, Object>>) stats.get("queues"))
        .stream().filter(q -> name.equals(q.get("name"))).findFirst().orElseThrow();
  }
}

package io.taskforge.app.tasktype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.PythonWorkerProcess;
import io.taskforge.app.support.TaskApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Task types written in Python, end to end: the app in this JVM, and real Python worker processes
 * ({@code taskforge-worker run}) that announce their types to the worker registry and serve them
 * from their own queues. The task modules are in {@code src/test/resources/python}.
 */
@EndToEndTest
class PythonWorkerIT {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};
  private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
      new ParameterizedTypeReference<>() {};

  @Autowired WebTestClient web;
  private TaskApi api;
  private final List<PythonWorkerProcess> workers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    api = new TaskApi(web);
  }

  @AfterEach
  void stopWorkers() {
    workers.forEach(PythonWorkerProcess::close);
  }

  @Test
  void pythonType_isListedBesideJavaTypes_runsOnItsQueue_andShowsItsProgress() throws IOException {
    PythonWorkerProcess worker = start("it_tasks", "it-python");
    Map<String, Object> listed = awaitAvailable("py_steps", true, worker);
    assertThat(listed)
        .containsEntry("runtime", "python")
        .containsEntry("taskQueue", "it-python")
        .containsEntry("workers", List.of(worker.id()));
    assertThat(typeNames()).contains("py_steps", "py_echo", "sleep");
    assertThat(schemaOf(get("/api/v1/task-types/py_echo")))
        .containsEntry("required", List.of("text"));

    Path release = Files.createTempFile(Path.of("target").toAbsolutePath(), "release-", ".flag");
    Files.delete(release);
    String id =
        api.submit(Map.of("type", "py_steps", "params", Map.of("release", release.toString())));

    Map<String, Object> running =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> api.get(id), t -> progressMessage(t).equals("step 1 of 2"));
    assertThat(running).containsEntry("status", "RUNNING");
    assertThat(mapOf(running.get("progress")).get("percent")).isEqualTo(50.0);
    Files.writeString(release, "go");

    Map<String, Object> done = api.awaitStatus(id, "COMPLETED");
    assertThat(resultOf(done)).containsEntry("steps", 2);
    String notes =
        web.get()
            .uri("/api/v1/tasks/{id}/artifacts/notes.txt", id)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(notes).isEqualTo("first step done\n");
  }

  @Test
  void submissionThatBreaksThePythonSchema_isRefusedWith422NamingTheFields() {
    PythonWorkerProcess worker = start("it_tasks", "it-python");
    awaitAvailable("py_echo", true, worker);

    web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("type", "py_echo", "params", Map.of("count", 99, "colour", "red")))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:taskforge:problem:invalid-request")
        .jsonPath("$.errors[?(@.field == 'params.text')].message")
        .isEqualTo("is required")
        .jsonPath("$.errors[?(@.field == 'params.count')].message")
        .isEqualTo("must be at most 10")
        .jsonPath("$.errors[?(@.field == 'params.colour')]")
        .exists();

    String id = api.submit(Map.of("type", "py_echo", "params", Map.of("text", "hi", "count", 2)));
    assertThat(resultOf(api.awaitStatus(id, "COMPLETED")))
        .containsEntry("echo", "hi hi")
        .containsEntry("tenant", "default");
  }

  @Test
  void cancellingARunningPythonTask_reachesTheHandlerAndEndsCancelled() {
    PythonWorkerProcess worker = start("it_tasks", "it-python");
    awaitAvailable("py_forever", true, worker);
    String id = api.submit(Map.of("type", "py_forever"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> api.get(id), t -> progressMessage(t).equals("running until cancelled"));

    web.post().uri("/api/v1/tasks/{id}/cancel", id).exchange().expectStatus().isAccepted();

    Map<String, Object> cancelled = api.awaitStatus(id, "CANCELLED");
    assertThat(mapOf(cancelled.get("failure"))).containsEntry("kind", "CANCELLED");
  }

  @Test
  void pythonWorkerKilledMidTask_taskCompletesOnARestartedWorker() {
    PythonWorkerProcess first = start("it_crash", "it-crash");
    awaitAvailable("py_survivor", true, first);
    String id = api.submit(Map.of("type", "py_survivor"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> api.get(id), t -> progressMessage(t).equals("attempt 1 holds on"));

    first.kill();
    PythonWorkerProcess second = start("it_crash", "it-crash");

    Map<String, Object> done = api.awaitStatus(id, "COMPLETED", Duration.ofSeconds(90));
    assertThat(resultOf(done)).containsEntry("attempt", 2);
    assertThat(second.isAlive()).isTrue();
  }

  @Test
  void typeWhoseWorkersAreGone_isUnavailable_itsTaskWaitsScheduled_andRunsWhenOneStarts() {
    PythonWorkerProcess gone = start("it_later", "it-later");
    awaitAvailable("py_later", true, gone);
    gone.close();
    awaitAvailable("py_later", false, gone);

    String id = api.submit(Map.of("type", "py_later"));
    api.awaitStatus(id, "SCHEDULED");

    start("it_later", "it-later");
    assertThat(resultOf(api.awaitStatus(id, "COMPLETED"))).containsEntry("ran", true);
  }

  // --- helpers ---

  private PythonWorkerProcess start(String module, String queue) {
    PythonWorkerProcess worker =
        PythonWorkerProcess.start(
            module + "-" + UUID.randomUUID().toString().substring(0, 8), module, queue);
    workers.add(worker);
    return worker;
  }

  /** Waits until the API lists the type with the given availability. */
  private Map<String, Object> awaitAvailable(
      String type, boolean available, PythonWorkerProcess worker) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .failFast("the Python worker died:\n" + worker.log(), () -> available && !worker.isAlive())
        .until(
            () -> get("/api/v1/task-types/" + type),
            t -> Boolean.valueOf(available).equals(t.get("available")));
  }

  private List<String> typeNames() {
    return web
        .get()
        .uri("/api/v1/task-types")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON_LIST)
        .returnResult()
        .getResponseBody()
        .stream()
        .map(t -> (String) t.get("name"))
        .toList();
  }

  private Map<String, Object> get(String uri) {
    return web.get()
        .uri(uri)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> schemaOf(Map<String, Object> type) {
    return (Map<String, Object>) type.get("paramsSchema");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> resultOf(Map<String, Object> task) {
    return (Map<String, Object>) task.get("result");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapOf(Object value) {
    return (Map<String, Object>) value;
  }

  private static String progressMessage(Map<String, Object> task) {
    Object progress = task.get("progress");
    return progress instanceof Map<?, ?> p && p.get("message") instanceof String m ? m : "";
  }
}

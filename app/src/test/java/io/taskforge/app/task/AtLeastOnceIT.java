package io.taskforge.app.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.taskforge.app.support.DevKey;
import io.taskforge.app.support.GroupApi;
import io.taskforge.app.support.JarProcess;
import io.taskforge.app.support.TaskApi;
import io.taskforge.app.support.TemporalDevServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * At-least-once execution with keys to drop the repeats by, end to end. A worker process is killed
 * the hard way (SIGKILL, as {@code kill -9}) while the calls of 12 {@code http_request} tasks and
 * of a 4-item expansion are all in flight at a slow local target; a second worker takes the work
 * over. The target sees every in-flight call again, and each repeat carries the same {@code
 * Idempotency-Key} as the first call, so a target that applies each key once has applied each call
 * once; and every task completes.
 *
 * <p>The workers are the app jar (API and worker in one process, as in compose's {@code worker}
 * service), against a dev server of this test's own, so that no worker of another test takes these
 * tasks. The tasks are the default tenant's, whose egress allow-list admits loopback.
 */
class AtLeastOnceIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path APP_JAR = ROOT.resolve("app/target/taskforge-app.jar");
  private static final int TASKS = 12;
  private static final int ITEMS = 4;
  private static final String GROUP = "alo-group";

  /**
   * Holds every call until released, as a target slower than the worker's life would; then answers
   * each at once. Records each call's path and Idempotency-Key values.
   */
  static final class SlowTarget implements AutoCloseable {
    record Call(String path, List<String> keys) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch released = new CountDownLatch(1);
    final List<Call> calls = new CopyOnWriteArrayList<>();

    SlowTarget() {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.setExecutor(threads); // one thread per held call
      server.createContext("/", this::handle);
      server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
      exchange.getRequestBody().readAllBytes();
      List<String> keys = exchange.getRequestHeaders().get("Idempotency-Key");
      calls.add(
          new Call(
              exchange.getRequestURI().getPath(), keys == null ? List.of() : List.copyOf(keys)));
      try {
        released.await(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // A caller killed meanwhile is gone: this answer then goes nowhere.
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void release() {
      released.countDown();
    }

    long distinctPaths() {
      return calls.stream().map(Call::path).distinct().count();
    }

    @Override
    public void close() {
      release();
      server.stop(0);
      threads.shutdownNow();
    }
  }

  @Test
  void workerKilledMidCall_repeatsReachTheTargetWithTheSameKey_andEveryTaskCompletes()
      throws IOException {
    TemporalDevServer temporal = TemporalDevServer.startNew(List.of());
    // Both workers share one artifact folder, as workers on several hosts share S3.
    Path artifacts =
        Files.createTempDirectory(ROOT.resolve("app/target"), "at-least-once-artifacts-");
    try (SlowTarget target = new SlowTarget()) {
      // Which key each path's calls must carry: the task's id, or the expansion's id and index.
      Map<String, String> expectedKeys = new LinkedHashMap<>();
      List<String> taskIds = new ArrayList<>();
      int firstPort = JarProcess.freePort();
      try (JarProcess first = startWorker("first", temporal, artifacts, firstPort)) {
        first.awaitHealthy(firstPort, Duration.ofMinutes(3));
        TaskApi tasks = new TaskApi(client(firstPort));
        for (int n = 0; n < TASKS; n++) {
          String id = "alo-" + n;
          tasks.submit(
              Map.of(
                  "id",
                  id,
                  "type",
                  "http_request",
                  "params",
                  callParams(target.url("/calls/" + id)),
                  "timeouts",
                  Map.of("heartbeat", "5s")));
          taskIds.add(id);
          expectedKeys.put("/calls/" + id, id);
        }
        new GroupApi(client(firstPort))
            .submit(
                Map.of(
                    "id",
                    GROUP,
                    "tasks",
                    List.of(
                        Map.of(
                            "name",
                            "calls",
                            "type",
                            "http_request",
                            "params",
                            callParams(target.url("/items/{{item}}")),
                            "timeouts",
                            Map.of("heartbeat", "5s"),
                            "expand",
                            Map.of("type", "array", "items", List.of(0, 1, 2, 3))))));
        for (int i = 0; i < ITEMS; i++) {
          expectedKeys.put("/items/" + i, GROUP + ".calls#" + i);
        }

        // Every call is in flight at the target: now the worker dies.
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> target.distinctPaths() == TASKS + ITEMS);
        first.kill();
      }
      int callsBeforeTheKill = target.calls.size();
      target.release();

      int secondPort = JarProcess.freePort();
      try (JarProcess second = startWorker("second", temporal, artifacts, secondPort)) {
        second.awaitHealthy(secondPort, Duration.ofMinutes(3));
        TaskApi tasks = new TaskApi(client(secondPort));
        for (String id : taskIds) {
          tasks.awaitStatus(id, "COMPLETED", Duration.ofMinutes(3));
        }
        new GroupApi(client(secondPort)).awaitStatus(GROUP, "COMPLETED", Duration.ofMinutes(3));
      }

      List<SlowTarget.Call> calls = List.copyOf(target.calls);
      Map<String, Long> callsByPath =
          calls.stream()
              .collect(Collectors.groupingBy(SlowTarget.Call::path, Collectors.counting()));
      System.out.printf(
          "AtLeastOnceIT: %d calls for %d tasks and items (%d before the kill); %d reached the"
              + " target more than once; %d calls carried no Idempotency-Key%n",
          calls.size(),
          TASKS + ITEMS,
          callsBeforeTheKill,
          callsByPath.values().stream().filter(n -> n > 1).count(),
          calls.stream().filter(call -> call.keys().isEmpty()).count());
      // Every call carried exactly one key, the one of its task or item.
      assertThat(calls).allSatisfy(call -> assertThat(call.keys()).as(call.path()).hasSize(1));
      Map<String, List<String>> keysByPath =
          calls.stream()
              .collect(
                  Collectors.groupingBy(
                      SlowTarget.Call::path,
                      Collectors.mapping(call -> call.keys().getFirst(), Collectors.toList())));
      assertThat(keysByPath).containsOnlyKeys(expectedKeys.keySet());
      keysByPath.forEach(
          (path, keys) ->
              assertThat(keys)
                  .as("keys of the calls to %s", path)
                  // in flight when the worker died: it reached the target again, same key
                  .hasSizeGreaterThanOrEqualTo(2)
                  .containsOnly(expectedKeys.get(path)));
      // A target that applies each key once has applied each task's call once.
      assertThat(calls.stream().map(call -> call.keys().getFirst()).distinct())
          .hasSize(TASKS + ITEMS);
    } finally {
      temporal.stop();
    }
  }

  /** A POST, the kind of call whose repeat a target must not apply twice. */
  private static Map<String, Object> callParams(String url) {
    // The target holds calls for longer than the default 30 s response timeout may allow.
    return Map.of("url", url, "method", "POST", "body", Map.of("charge", 1), "timeout", "5m");
  }

  private static JarProcess startWorker(
      String name, TemporalDevServer temporal, Path artifacts, int port) {
    List<String> arguments =
        List.of(
            "--server.port=" + port,
            "--spring.temporal.connection.target=" + temporal.address(),
            "--taskforge.artifacts.dir=" + artifacts,
            // Slots for every call at once, whatever the machine's load says to the tuner.
            "--taskforge.worker.tuner=fixed",
            "--taskforge.worker.max-concurrent-activities=40",
            "--taskforge.resources.enabled=false",
            "--taskforge.schedules.cleanup.enabled=false",
            // The egress policy lets the default tenant reach its loopback target.
            "--taskforge.egress.tenants.default.allow=127.0.0.0/8");
    return JarProcess.start("at-least-once-" + name, APP_JAR, ROOT, Map.of(), arguments);
  }

  private static WebTestClient client(int port) {
    return WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + port)
        .defaultHeader(DevKey.HEADER, DevKey.KEY)
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }
}

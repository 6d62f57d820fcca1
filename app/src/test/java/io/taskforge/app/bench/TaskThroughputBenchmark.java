package io.taskforge.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.support.DevKey;
import io.taskforge.app.support.EndToEndTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Throughput and latency of single tasks through the whole stack (REST API, Temporal dev server,
 * workflow, worker): submits {@code bench.tasks} no-op tasks with {@code bench.concurrency}
 * requests in flight, waits for all to complete, and writes the figures to {@code
 * bench/results/task-throughput.md}. Run by {@code make bench}, never by {@code make test}.
 */
@EndToEndTest
// Unthrottled: the benchmark measures the stack, not the tenant rate limit.
@TestPropertySource(properties = "taskforge.tenants.defaults.requests-per-second=0")
class TaskThroughputBenchmark {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @LocalServerPort int port;

  @Test
  void submitAndCompleteNoOpTasks() throws IOException {
    int tasks = Integer.getInteger("bench.tasks", 1000);
    int concurrency = Integer.getInteger("bench.concurrency", 32);
    WebClient web =
        WebClient.builder()
            .baseUrl("http://localhost:" + port)
            .defaultHeader(DevKey.HEADER, DevKey.KEY)
            .codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
            .build();
    warmUp(web);

    ConcurrentLinkedQueue<Long> submitMillis = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    Instant start = Instant.now();
    Flux.range(0, tasks)
        .flatMap(
            i -> {
              long t0 = System.nanoTime();
              return submit(web, i)
                  .doOnNext(
                      id -> {
                        submitMillis.add((System.nanoTime() - t0) / 1_000_000);
                        ids.add(id);
                      });
            },
            concurrency)
        .blockLast(Duration.ofMinutes(10));
    Instant submitted = Instant.now();

    List<Long> endToEnd = new ArrayList<>();
    Instant lastClosed = start;
    for (String id : ids) {
      Map<String, Object> task =
          await()
              .atMost(Duration.ofMinutes(10))
              .pollInterval(Duration.ofMillis(100))
              .until(() -> get(web, id), t -> "COMPLETED".equals(t.get("status")));
      @SuppressWarnings("unchecked")
      Map<String, Object> times = (Map<String, Object>) task.get("times");
      Instant closed = Instant.parse((String) times.get("closedAt"));
      endToEnd.add(
          Duration.between(Instant.parse((String) times.get("createdAt")), closed).toMillis());
      // Temporal's close times, not when this loop got round to reading them.
      lastClosed = closed.isAfter(lastClosed) ? closed : lastClosed;
    }
    assertThat(ids).hasSize(tasks);

    double submitSeconds = Duration.between(start, submitted).toMillis() / 1000.0;
    double totalSeconds = Duration.between(start, lastClosed).toMillis() / 1000.0;
    List<Long> submits = new ArrayList<>(submitMillis);
    String report =
        String.format(
            Locale.ROOT,
            """
            # Task throughput benchmark

            Measured %s on %d cores (%s), Temporal dev server (SQLite) on the same machine.
            %d no-op tasks (`sleep` 0ms), %d submissions in flight, app and worker in one JVM.

            | figure | value |
            |---|---|
            | submissions per second | %.1f |
            | submit latency p50 / p95 / p99 (ms) | %d / %d / %d |
            | tasks completed per second (submit of first to close of last) | %.1f |
            | end-to-end latency, created to closed, p50 / p95 / p99 (ms) | %d / %d / %d |
            """,
            Instant.now(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name"),
            tasks,
            concurrency,
            tasks / submitSeconds,
            percentile(submits, 50),
            percentile(submits, 95),
            percentile(submits, 99),
            tasks / totalSeconds,
            percentile(endToEnd, 50),
            percentile(endToEnd, 95),
            percentile(endToEnd, 99));
    Path out = Path.of(System.getProperty("bench.out", "../bench/results/task-throughput.md"));
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println(report);
  }

  private void warmUp(WebClient web) {
    Flux.range(0, 20).flatMap(i -> submit(web, i), 4).blockLast(Duration.ofMinutes(2));
  }

  private static Mono<String> submit(WebClient web, int i) {
    return web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("type", "sleep", "params", Map.of("duration", "0ms")))
        .retrieve()
        .bodyToMono(JSON)
        .map(task -> (String) task.get("id"));
  }

  private static Map<String, Object> get(WebClient web, String id) {
    return web.get().uri("/api/v1/tasks/{id}", id).retrieve().bodyToMono(JSON).block();
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}

package io.taskforge.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskforge.activities.resources.ResourceMonitor;
import io.taskforge.activities.resources.ResourceSample;
import io.taskforge.activities.resources.ResourceSettings;
import io.taskforge.activities.worker.TaskforgeWorker;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.web.ApiExceptionHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;

/** The two endpoints over a monitor fed by hand, with no machine readings and no Temporal. */
class ResourceMonitorControllerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<ResourceSample> next = new AtomicReference<>();
  private final ResourceMonitor monitor =
      new ResourceMonitor(
          next::get,
          new ResourceSettings(
              true,
              Duration.ofSeconds(5),
              "",
              new ResourceSettings.Alerts(
                  null,
                  new ResourceSettings.Thresholds(true, 0.5, 0.9),
                  null,
                  null,
                  0.05,
                  2,
                  100,
                  "",
                  "",
                  Duration.ofSeconds(5))),
          List.of());

  private static <T> ObjectProvider<T> provider(Class<T> type, T bean) {
    StaticListableBeanFactory beans =
        bean == null
            ? new StaticListableBeanFactory()
            : new StaticListableBeanFactory(Map.of("b", bean));
    return beans.getBeanProvider(type);
  }

  private static WebTestClient client(ResourceMonitor monitor) {
    ResourceMonitorController controller =
        new ResourceMonitorController(
            provider(ResourceMonitor.class, monitor),
            new WorkerSettings(true, "taskforge", 16, 50),
            provider(TaskforgeWorker.class, null),
            provider(MeterRegistry.class, null));
    return WebTestClient.bindToController(controller)
        .controllerAdvice(
            new ApiExceptionHandler(
                new ApiSettings(
                    Duration.ofSeconds(5), DataSize.ofMegabytes(1), Duration.ofSeconds(5))))
        .build();
  }

  private static ResourceSample sample(double memory) {
    long total = 1_000_000_000L;
    return new ResourceSample(
        T0,
        "host-1",
        Double.NaN,
        4,
        total,
        Math.round(memory * total),
        new ResourceSample.Disk("/data", 2_000_000_000L, 500_000_000L),
        Double.NaN,
        Double.NaN);
  }

  @Test
  void beforeTheFirstSample_resourcesAnswer503WithRetryAfter() {
    client(monitor)
        .get()
        .uri("/api/v1/system/resources")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .valueEquals("Retry-After", "1")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:taskforge:problem:not-ready");
  }

  @Test
  void unknownFigures_areNull_andKnownOnesAreRatios() {
    next.set(sample(0.25));
    monitor.sampleNow();

    client(monitor)
        .get()
        .uri("/api/v1/system/resources")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.host")
        .isEqualTo("host-1")
        .jsonPath("$.sampledAt")
        .isEqualTo("2026-01-01T00:00:00Z")
        .jsonPath("$.intervalSeconds")
        .isEqualTo(5.0)
        .jsonPath("$.cpu.usage")
        .doesNotExist()
        .jsonPath("$.cpu.cores")
        .isEqualTo(4)
        .jsonPath("$.memory.usage")
        .isEqualTo(0.25)
        .jsonPath("$.memory.totalBytes")
        .isEqualTo(1_000_000_000)
        .jsonPath("$.disk.usage")
        .isEqualTo(0.25)
        .jsonPath("$.disk.path")
        .isEqualTo("/data")
        .jsonPath("$.iowait")
        .doesNotExist()
        .jsonPath("$.loadAverage")
        .doesNotExist()
        // No worker in this process.
        .jsonPath("$.worker")
        .doesNotExist();
  }

  @Test
  void alerts_listActiveHistoryAndThresholds() {
    next.set(sample(0.6));
    monitor.sampleNow();

    client(monitor)
        .get()
        .uri("/api/v1/system/alerts")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.active.length()")
        .isEqualTo(1)
        .jsonPath("$.active[0].alert")
        .isEqualTo("memory")
        .jsonPath("$.active[0].level")
        .isEqualTo("warning")
        .jsonPath("$.active[0].threshold")
        .isEqualTo(0.5)
        .jsonPath("$.active[0].since")
        .isEqualTo("2026-01-01T00:00:00Z")
        .jsonPath("$.history[0].event")
        .isEqualTo("raised")
        .jsonPath("$.history[0].previousLevel")
        .doesNotExist()
        .jsonPath("$.thresholds.memory.warning")
        .isEqualTo(0.5)
        .jsonPath("$.thresholds.cpu.critical")
        .isEqualTo(0.95)
        .jsonPath("$.clearAfter")
        .isEqualTo(2);
  }

  @Test
  void monitorTurnedOff_answers404Problem() {
    client(null)
        .get()
        .uri("/api/v1/system/alerts")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:taskforge:problem:not-found")
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("taskforge.resources.enabled"));
  }
}

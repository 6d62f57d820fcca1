package io.taskforge.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.taskforge.activities.resources.OshiResourceSampler;
import io.taskforge.activities.resources.ResourceSample;
import io.taskforge.activities.resources.ResourceSampler;
import io.taskforge.activities.webhook.WebhookSigner;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.TaskApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The resource monitor end to end: a memory warning threshold far below any real machine's use
 * raises an alert from real OSHI samples, which shows at {@code /api/v1/system/alerts}, in {@code
 * /actuator/prometheus} and at a real webhook receiver. Real memory cannot be made to fall below
 * that threshold, so the clearing half switches the sampler to report the same readings with no
 * memory in use: everything after the sampler (rules, history, meters, webhook) is the real path.
 */
@EndToEndTest
@Import(ResourceMonitorIT.SwitchableSamplerConfig.class)
@TestPropertySource(
    properties = {
      "taskforge.resources.interval=500ms",
      "taskforge.resources.alerts.memory.warning=0.0001",
      // Never critical, so the level seen is the same on any machine.
      "taskforge.resources.alerts.memory.critical=1.0",
      "taskforge.resources.alerts.clear-after=1",
      // The other resources follow the machine; only memory is under test here.
      "taskforge.resources.alerts.cpu.enabled=false",
      "taskforge.resources.alerts.disk.enabled=false",
      "taskforge.resources.alerts.iowait.enabled=false",
      "taskforge.resources.alerts.webhook-secret=" + ResourceMonitorIT.SECRET
    })
class ResourceMonitorIT {
  static final String SECRET = "it-alert-secret";
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  /** One POST as the receiver saw it. */
  record Delivery(String event, boolean signatureValid, Map<String, Object> body) {}

  static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  static final HttpServer receiver = startReceiver();

  /** Reports the real readings, or (once switched) the same readings with no memory in use. */
  static final class SwitchableSampler implements ResourceSampler {
    final AtomicBoolean memoryIdle = new AtomicBoolean();
    private final ResourceSampler real;

    SwitchableSampler(ResourceSampler real) {
      this.real = real;
    }

    @Override
    public ResourceSample sample() {
      ResourceSample s = real.sample();
      if (!memoryIdle.get()) {
        return s;
      }
      return new ResourceSample(
          s.sampledAt(),
          s.host(),
          s.cpu(),
          s.cpuCount(),
          s.memoryTotalBytes(),
          0,
          s.disk(),
          s.iowait(),
          s.loadAverage());
    }
  }

  @TestConfiguration
  static class SwitchableSamplerConfig {
    @Bean
    @Primary
    SwitchableSampler switchableSampler(OshiResourceSampler real) {
      return new SwitchableSampler(real);
    }
  }

  @DynamicPropertySource
  static void webhook(DynamicPropertyRegistry registry) {
    registry.add(
        "taskforge.resources.alerts.webhook-url",
        () -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");
  }

  @AfterEach
  void realMemoryAgain() {
    sampler.memoryIdle.set(false);
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop(0);
  }

  @Autowired WebTestClient web;
  @Autowired SwitchableSampler sampler;

  @Test
  void resources_reportPlausibleFigures_andTheWorkersTuner() {
    Map<String, Object> resources =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(this::resources, r -> cpu(r).get("usage") != null);

    assertThat((String) resources.get("host")).isNotBlank();
    assertThat(resources.get("sampledAt")).isNotNull();
    assertThat(resources.get("intervalSeconds")).isEqualTo(0.5);
    assertThat(ratio(cpu(resources).get("usage"))).isBetween(0.0, 1.0);
    assertThat((Integer) cpu(resources).get("cores")).isPositive();
    Map<String, Object> memory = map(resources, "memory");
    assertThat(ratio(memory.get("usage"))).isBetween(0.0, 1.0);
    assertThat(((Number) memory.get("totalBytes")).longValue()).isPositive();
    // Not positive: the other test here may have switched memory to idle.
    assertThat(((Number) memory.get("usedBytes")).longValue()).isNotNegative();
    Map<String, Object> disk = map(resources, "disk");
    assertThat((String) disk.get("path")).endsWith("it-artifacts");
    assertThat(((Number) disk.get("totalBytes")).longValue()).isPositive();
    assertThat(ratio(disk.get("usage"))).isBetween(0.0, 1.0);
    assertThat(ratio(resources.get("iowait"))).isBetween(0.0, 1.0);
    assertThat(map(resources, "worker"))
        .containsEntry("running", true)
        .containsEntry("tuner", "resource-based")
        .containsEntry("workflowTaskSlots", 50)
        .containsEntry("activitySlots", Map.of("min", 8, "max", 200))
        .containsEntry("targetCpu", 0.8)
        .containsEntry("targetMemory", 0.8);

    // The resource-based worker takes work, and the slot it holds shows (from the SDK's gauge).
    TaskApi tasks = new TaskApi(web);
    String id = tasks.submit(TaskApi.sleep("60s"));
    tasks.awaitStatus(id, "RUNNING");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> (Integer) map(resources(), "worker").get("activitySlotsUsed"), n -> n >= 1);
    web.post().uri("/api/v1/tasks/{id}/cancel", id).exchange().expectStatus().isAccepted();
    tasks.awaitStatus(id, "CANCELLED");
  }

  @Test
  void memoryOverThreshold_raisesAnAlert_everywhere_andClearsWhenMemoryFallsBack() {
    // Raised from real samples.
    Map<String, Object> active =
        await().atMost(Duration.ofSeconds(30)).until(() -> activeAlert("memory"), a -> a != null);
    assertThat(active).containsEntry("level", "warning").containsEntry("threshold", 0.0001);
    assertThat(ratio(active.get("value"))).isBetween(0.0001, 1.0);
    assertThat(active.get("raisedAt")).isNotNull();
    assertThat(active.get("since")).isNotNull();
    assertThat(alerts().get("thresholds"))
        .asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("memory", Map.of("enabled", true, "warning", 0.0001, "critical", 1.0));

    assertThat(prometheus())
        .contains("taskforge_system_memory_usage")
        .containsPattern(series("taskforge_alerts_active", "memory", "warning") + " 1\\.0")
        .containsPattern(series("taskforge_alerts_active", "memory", "critical") + " 0\\.0")
        .containsPattern(series("taskforge_alerts_raised_total", "memory", "warning") + " 1\\.0");

    Delivery raised =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> delivery("resource.alert.raised"), d -> d != null);
    assertThat(raised.signatureValid()).isTrue();
    assertThat(raised.body())
        .containsEntry("alert", "memory")
        .containsEntry("level", "warning")
        .containsEntry("previousLevel", null)
        .containsEntry("threshold", 0.0001);

    // Cleared once the sampler reports no memory in use.
    sampler.memoryIdle.set(true);
    await().atMost(Duration.ofSeconds(30)).until(() -> activeAlert("memory") == null);
    @SuppressWarnings("unchecked")
    Map<String, Object> latest = ((List<Map<String, Object>>) alerts().get("history")).getFirst();
    assertThat(latest)
        .containsEntry("alert", "memory")
        .containsEntry("event", "cleared")
        .containsEntry("level", null)
        .containsEntry("previousLevel", "warning");

    assertThat(prometheus())
        .containsPattern(series("taskforge_alerts_active", "memory", "warning") + " 0\\.0")
        .containsPattern(series("taskforge_alerts_cleared_total", "memory", "warning") + " 1\\.0");
    Delivery cleared =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> delivery("resource.alert.cleared"), d -> d != null);
    assertThat(cleared.signatureValid()).isTrue();
    assertThat(cleared.body())
        .containsEntry("alert", "memory")
        .containsEntry("level", null)
        .containsEntry("previousLevel", "warning");
  }

  // --- helpers ---

  private Map<String, Object> resources() {
    return get("/api/v1/system/resources");
  }

  private Map<String, Object> alerts() {
    return get("/api/v1/system/alerts");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> activeAlert(String alert) {
    return ((List<Map<String, Object>>) alerts().get("active"))
        .stream().filter(a -> alert.equals(a.get("alert"))).findFirst().orElse(null);
  }

  private Map<String, Object> get(String path) {
    return web.get()
        .uri(path)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  private String prometheus() {
    // After tasks have run, the Temporal SDK's series take more than the default 256 KB.
    return web.mutate()
        .codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
        .build()
        .get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  private static Delivery delivery(String event) {
    return deliveries.stream().filter(d -> event.equals(d.event())).findFirst().orElse(null);
  }

  /** A series line's name and labels, whatever other labels the registry adds and in any order. */
  private static String series(String name, String alert, String level) {
    return "(?m)^"
        + name
        + "\\{(?=[^}]*alert=\""
        + alert
        + "\")(?=[^}]*level=\""
        + level
        + "\")[^}]*\\}";
  }

  private static Map<String, Object> cpu(Map<String, Object> resources) {
    return map(resources, "cpu");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }

  private static double ratio(Object value) {
    return ((Number) value).doubleValue();
  }

  @SuppressWarnings("unchecked")
  private static HttpServer startReceiver() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ObjectMapper json = new ObjectMapper();
      server.createContext(
          "/alerts",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var headers = exchange.getRequestHeaders();
            deliveries.add(
                new Delivery(
                    headers.getFirst("X-Taskforge-Event"),
                    WebhookSigner.verify(
                            SECRET,
                            body,
                            headers::getFirst,
                            Instant.now(),
                            WebhookSigner.DEFAULT_TOLERANCE)
                        .isValid(),
                    json.readValue(body, Map.class)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

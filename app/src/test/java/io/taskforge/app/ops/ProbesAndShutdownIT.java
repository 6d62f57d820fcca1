package io.taskforge.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.support.JarProcess;
import io.taskforge.app.support.TemporalDevServer;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What Kubernetes and compose see of a Temporal outage: readiness (which includes Temporal) goes
 * down while liveness stays up, so no pod is restarted for it; and a SIGTERM still ends each
 * process within the default 30 s grace period, though its last calls to Temporal cannot succeed.
 */
class ProbesAndShutdownIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path APP_JAR = ROOT.resolve("app/target/taskforge-app.jar");
  private static final Path GPU_WORKER_JAR =
      ROOT.resolve("gpu-worker/target/taskforge-gpu-worker.jar");

  /** Kubernetes' default terminationGracePeriodSeconds, and the chart's and compose's. */
  private static final Duration GRACE_PERIOD = Duration.ofSeconds(30);

  private static final HttpClient http = HttpClient.newHttpClient();

  @Test
  void temporalDown_notReadyButLive_andSigtermEndsEachProcessWithinTheGracePeriod()
      throws Exception {
    // A server of its own, since this test stops it.
    TemporalDevServer temporal = TemporalDevServer.startNew(List.of());
    Path data = ROOT.resolve("app/target/outage-it");
    int workerPort = JarProcess.freePort();
    int gpuWorkerPort = JarProcess.freePort();
    Map<String, String> common =
        Map.of(
            "TEMPORAL_ADDRESS", temporal.address(),
            "TASKFORGE_ARTIFACTS_DIR", data.resolve("artifacts").toString());
    try (JarProcess worker =
            start(
                "outage-worker",
                APP_JAR,
                common,
                Map.of("PORT", String.valueOf(workerPort), "TASKFORGE_WORKER_ENABLED", "true"));
        JarProcess gpuWorker =
            start(
                "outage-gpu-worker",
                GPU_WORKER_JAR,
                common,
                Map.of(
                    "TASKFORGE_GPU_MODE",
                    "cpu",
                    "TASKFORGE_GPU_WORKER_ID",
                    "outage",
                    "TASKFORGE_GPU_WORKDIR",
                    data.resolve("gpu-work").toString(),
                    "TASKFORGE_GPU_METRICS_PORT",
                    String.valueOf(gpuWorkerPort)))) {
      for (int port : List.of(workerPort, gpuWorkerPort)) {
        awaitStatus(port, "/actuator/health/readiness", 200, Duration.ofSeconds(120));
        assertThat(status(port, "/actuator/health/liveness")).isEqualTo(200);
      }

      temporal.stop();

      for (int port : List.of(workerPort, gpuWorkerPort)) {
        awaitStatus(port, "/actuator/health/readiness", 503, Duration.ofSeconds(30));
        assertThat(status(port, "/actuator/health/liveness")).as("liveness").isEqualTo(200);
      }
      // The gpu-worker's registry reports fail now; the last one, sent while stopping, too.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> gpuWorker.log().contains("could not report to the worker registry"));

      assertThat(gpuWorker.terminate(GRACE_PERIOD))
          .as("gpu-worker exited within the grace period; log:%n%s", gpuWorker.log())
          .isTrue();
      assertThat(worker.terminate(GRACE_PERIOD))
          .as("worker exited within the grace period; log:%n%s", worker.log())
          .isTrue();
    } finally {
      temporal.stop();
    }
  }

  private static JarProcess start(
      String name, Path jar, Map<String, String> common, Map<String, String> own) {
    Map<String, String> environment = new HashMap<>(common);
    environment.putAll(own);
    return JarProcess.start(name, jar, ROOT, environment, List.of());
  }

  private static void awaitStatus(int port, String path, int expected, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .ignoreException(ConnectException.class)
        .untilAsserted(() -> assertThat(status(port, path)).as(path).isEqualTo(expected));
  }

  private static int status(int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}

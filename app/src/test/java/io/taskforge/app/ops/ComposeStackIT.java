package io.taskforge.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.support.JarProcess;
import io.taskforge.app.support.TaskApi;
import io.taskforge.app.support.TemporalDevServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} checked without Docker, which cannot run on our machines: the files
 * and build stages it names exist, and Taskforge's three services, started from the built jars with
 * exactly the environment compose gives them, work together against a real dev server. Only what
 * Docker itself provides is swapped: Temporal's address (the tests' dev server instead of the
 * {@code temporal} container), the ports, the volumes (folders under target/), and the GPU (CPU
 * mode, since no GPU is here).
 */
class ComposeStackIT {
  /** What an operator's .env gives compose: an admin key, as its SHA-256 (the dev key is off). */
  private static final String KEY = "tf_compose_it_admin_key";

  private static final String KEY_SHA256 =
      "6c8fb84d9fd6ad9988e5b273cf1eb8c19abc687c9f22fdcdd095708ec36fc67c";

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path APP_JAR = ROOT.resolve("app/target/taskforge-app.jar");
  private static final Path GPU_WORKER_JAR =
      ROOT.resolve("gpu-worker/target/taskforge-gpu-worker.jar");
  private static final HttpClient http = HttpClient.newHttpClient();

  /** Dashboard series that exist only once their event happened. */
  private static final String ON_EVENTS =
      "taskforge_gpu_.*|resilience4j_.*|taskforge_tenant_rate_limited_total"
          + "|taskforge_tasks_(failed|cancelled|skipped)_total|taskforge_task_retries_total"
          + "|taskforge_groups_submitted_total|taskforge_expansion_items_total";

  private static Map<String, Object> services;

  @BeforeAll
  static void readCompose() throws IOException {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    services = map(compose.get("services"));
  }

  @Test
  void buildTargets_areStagesOfTheDockerfile() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    services.forEach(
        (name, service) -> {
          Object build = map(service).get("build");
          if (build != null) {
            String target = (String) map(build).get("target");
            assertThat(dockerfile)
                .as("stage of service %s", name)
                .containsPattern("(?m)^FROM .+ AS " + Pattern.quote(target) + "$");
          }
        });
  }

  @Test
  void mountedFiles_existInTheRepository() {
    services.forEach(
        (name, service) -> {
          for (Object volume : list(map(service).get("volumes"))) {
            String source = ((String) volume).split(":")[0];
            if (source.startsWith("./")) {
              assertThat(ROOT.resolve(source)).as("mount of service %s", name).exists();
            }
          }
        });
  }

  @Test
  void prometheus_scrapesServicesOfTheStack() throws IOException {
    Map<String, Object> config =
        new Yaml().load(Files.readString(ROOT.resolve("ops/prometheus/prometheus.yml")));
    for (Object job : list(config.get("scrape_configs"))) {
      for (Object staticConfig : list(map(job).get("static_configs"))) {
        for (Object target : list(map(staticConfig).get("targets"))) {
          assertThat(services).containsKey(((String) target).split(":")[0]);
        }
      }
    }
  }

  @Test
  void servicesConfiguredAsInCompose_runCpuAndGpuTasksTogether() throws Exception {
    // A server of its own: workers that other tests left polling the shared one must not take
    // these tasks, or the test could not tell which service ran them.
    TemporalDevServer temporal = TemporalDevServer.startNew(List.of());
    Path data = ROOT.resolve("app/target/compose-it");
    int appPort = JarProcess.freePort();
    int workerPort = JarProcess.freePort();
    int gpuWorkerPort = JarProcess.freePort();
    Map<String, String> docker =
        Map.of(
            "TEMPORAL_ADDRESS",
            temporal.address(),
            "TASKFORGE_ARTIFACTS_DIR",
            data.resolve("artifacts").toString(),
            "TASKFORGE_SECURITY_APIKEYS_0_NAME",
            "ops",
            "TASKFORGE_SECURITY_APIKEYS_0_TENANT",
            "default",
            "TASKFORGE_SECURITY_APIKEYS_0_SHA256",
            KEY_SHA256,
            "TASKFORGE_SECURITY_APIKEYS_0_ADMIN",
            "true");
    try {
      try (JarProcess app = start("app", APP_JAR, docker, Map.of("PORT", String.valueOf(appPort)));
          JarProcess worker =
              start("worker", APP_JAR, docker, Map.of("PORT", String.valueOf(workerPort)));
          JarProcess gpuWorker =
              start(
                  "gpu-worker",
                  GPU_WORKER_JAR,
                  docker,
                  Map.of(
                      "TASKFORGE_GPU_MODE", "cpu",
                      "TASKFORGE_GPU_WORKDIR", data.resolve("gpu-work").toString(),
                      "TASKFORGE_GPU_METRICS_PORT", String.valueOf(gpuWorkerPort)))) {
        awaitUp(app, appPort);
        awaitUp(worker, workerPort);
        awaitUp(gpuWorker, gpuWorkerPort);

        TaskApi api =
            new TaskApi(
                WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + appPort)
                    .defaultHeader("X-API-Key", KEY)
                    .responseTimeout(Duration.ofSeconds(30))
                    .build());
        String cpuTask = api.submit(Map.of("type", "sleep", "params", Map.of("duration", "100ms")));
        String gpuTask =
            api.submit(Map.of("type", "embedding", "params", Map.of("input", "hello")));
        api.awaitStatus(cpuTask, "COMPLETED", Duration.ofSeconds(90));
        api.awaitStatus(gpuTask, "COMPLETED", Duration.ofSeconds(90));

        // The dev key is off in compose: only the operator's key opens the API.
        assertThat(get(appPort, "/api/v1/tasks").statusCode()).isEqualTo(401);
        // The app's own worker is off in compose, so the worker service ran the sleep task, and
        // the gpu-worker the embedding.
        assertThat(scrape(workerPort))
            .contains(
                "taskforge_task_run_duration_seconds_count{outcome=\"success\",type=\"sleep\"}");
        assertThat(scrape(appPort)).doesNotContain("taskforge_task_run_duration_seconds_count");
        assertThat(scrape(gpuWorkerPort))
            .contains(
                "taskforge_task_run_duration_seconds_count{outcome=\"success\",type=\"embedding\"}");
        // Every series the Grafana dashboard draws is one these services export, but those that
        // only
        // appear once something happens (a GPU, a failure, a breaker, a rate limit, a group).
        Set<String> dashboard = dashboardMetrics();
        assertThat(dashboard).hasSizeGreaterThan(15);
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  String scraped = scrape(appPort) + scrape(workerPort) + scrape(gpuWorkerPort);
                  for (String metric : dashboard) {
                    if (!metric.matches(ON_EVENTS)) {
                      assertThat(scraped).as("dashboard series").contains(metric);
                    }
                  }
                });
        // TASKFORGE_LOG_FORMAT: every line each service wrote is one JSON object (but the JVM's own
        // warnings, which newer JDKs print before any of our code runs).
        for (JarProcess process : List.of(app, worker, gpuWorker)) {
          assertThat(
                  process
                      .log()
                      .lines()
                      .filter(line -> !line.isBlank() && !line.startsWith("WARNING:")))
              .isNotEmpty()
              .allMatch(line -> line.startsWith("{") && line.endsWith("}"), "a JSON object");
        }
      }
    } finally {
      temporal.stop();
    }
  }

  private static Set<String> dashboardMetrics() throws IOException {
    String dashboard = Files.readString(ROOT.resolve("ops/grafana/dashboards/taskforge.json"));
    Matcher names =
        Pattern.compile("\\b(?:taskforge|http_server|temporal|resilience4j)_[a-z0-9_]+")
            .matcher(dashboard);
    Set<String> metrics = new TreeSet<>();
    while (names.find()) {
      metrics.add(names.group());
    }
    return metrics;
  }

  /** Starts a service's jar with its compose environment, then what Docker would provide. */
  private static JarProcess start(
      String service, Path jar, Map<String, String> docker, Map<String, String> overrides) {
    Map<String, String> environment = new HashMap<>();
    map(map(services.get(service)).get("environment"))
        .forEach((key, value) -> environment.put(key, String.valueOf(value)));
    environment.putAll(docker);
    environment.putAll(overrides);
    return JarProcess.start("compose-" + service, jar, ROOT, environment, List.of());
  }

  private static void awaitUp(JarProcess process, int port) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreException(ConnectException.class)
        .untilAsserted(
            () -> {
              assertThat(process.isAlive()).as("alive; log:%n%s", process.log()).isTrue();
              assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(200);
            });
  }

  private static String scrape(int port) throws Exception {
    return get(port, "/actuator/prometheus").body();
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
  }
}

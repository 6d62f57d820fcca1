package io.taskforge.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskforge.activities.egress.EgressSettings;
import io.taskforge.activities.egress.Endpoint;
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
import java.util.concurrent.TimeUnit;
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
 * mode, since no GPU is here). Compose's {@code ${VAR}} references are filled in from an operator's
 * .env as compose does it, refusing a missing required one.
 */
class ComposeStackIT {
  /** The admin key whose SHA-256 the operator's .env gives compose (the dev key is off). */
  private static final String KEY = "tf_compose_it_admin_key";

  private static final String KEY_SHA256 =
      "6c8fb84d9fd6ad9988e5b273cf1eb8c19abc687c9f22fdcdd095708ec36fc67c";

  /** The secrets compose must refuse to start without: each is a required {@code ${VAR:?}}. */
  private static final Set<String> REQUIRED_SECRETS =
      Set.of("POSTGRES_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "TASKFORGE_ADMIN_KEY_SHA256");

  /** What an operator's .env holds. */
  private static final Map<String, String> DOT_ENV =
      Map.of(
          "POSTGRES_PASSWORD", "pg-secret",
          "GRAFANA_ADMIN_PASSWORD", "grafana-secret",
          "TASKFORGE_ADMIN_KEY_SHA256", KEY_SHA256);

  /** {@code ${NAME}}, {@code ${NAME:-default}} or {@code ${NAME:?message}}. */
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-?])([^}]*))?}");

  /** The services of the app's and gpu-worker's images, which must drain within a grace period. */
  private static final List<String> TASKFORGE_SERVICES = List.of("app", "worker", "gpu-worker");

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

  private static String composeText;
  private static Map<String, Object> services;

  @BeforeAll
  static void readCompose() throws IOException {
    composeText = Files.readString(ROOT.resolve("docker-compose.yml"));
    Map<String, Object> compose = new Yaml().load(composeText);
    services = map(compose.get("services"));
  }

  @Test
  void secrets_areRequiredWithoutDefaults() {
    Set<String> required = new TreeSet<>();
    Matcher variables = VARIABLE.matcher(composeText);
    while (variables.find()) {
      String name = variables.group(1);
      if (name.matches(".*(PASSWORD|SECRET|_KEY|SHA256).*")) {
        assertThat(variables.group(2))
            .as("${%s} must be required, with no default", name)
            .isEqualTo(":?");
        assertThat(variables.group(3)).as("${%s}'s message", name).isNotBlank();
        required.add(name);
      }
    }
    assertThat(required).isEqualTo(new TreeSet<>(REQUIRED_SECRETS));

    // Without one of them compose refuses to start, naming it.
    Map<String, String> incomplete = new HashMap<>(DOT_ENV);
    incomplete.remove("TASKFORGE_ADMIN_KEY_SHA256");
    assertThatThrownBy(() -> environment("app", incomplete))
        .hasMessageContaining("TASKFORGE_ADMIN_KEY_SHA256");
  }

  @Test
  void gpuWorker_onlyInTheGpuProfile() {
    // `docker compose up` starts every service without a profile: none of those may need a GPU.
    services.forEach(
        (name, service) -> {
          List<Object> profiles = list(map(service).get("profiles"));
          boolean reservesDevices =
              !list(map(map(map(map(service).get("deploy")).get("resources")).get("reservations"))
                      .get("devices"))
                  .isEmpty();
          if (name.equals("gpu-worker")) {
            assertThat(profiles).containsExactly("gpu");
            assertThat(reservesDevices).isTrue();
          } else {
            assertThat(profiles).as("profiles of %s", name).isEmpty();
            assertThat(reservesDevices).as("%s reserves a device", name).isFalse();
            // depends_on is a list of names or a map by name.
            Object dependsOn = map(service).get("depends_on");
            List<Object> dependencies =
                dependsOn instanceof Map<?, ?> byName
                    ? List.copyOf(byName.keySet())
                    : list(dependsOn);
            assertThat(dependencies).as("%s depends on", name).doesNotContain("gpu-worker");
          }
        });
  }

  @Test
  void egressProtected_namesEveryServiceOfTheStack_andKeepsTheDefaultPorts() {
    Set<String> expected = new TreeSet<>(EgressSettings.DEFAULT_PROTECTED);
    expected.addAll(List.of("app:8080", "worker:8080", "gpu-worker:9091", "postgresql:5432"));
    services.forEach(
        (name, service) -> {
          for (Object port : list(map(service).get("ports"))) {
            String[] parts = ((String) port).split(":");
            expected.add(name + ":" + parts[parts.length - 1]);
          }
        });
    for (String name : TASKFORGE_SERVICES) {
      List<String> entries =
          List.of(environment(name, DOT_ENV).get("TASKFORGE_EGRESS_PROTECTED").split(","));
      assertThat(entries).as("protected endpoints of %s", name).containsAll(expected);
      // Each entry is one the app reads (it refuses to start on an invalid one).
      entries.forEach(entry -> Endpoint.parse(entry, true));
    }
  }

  @Test
  void taskforgeServices_checkReadinessAndGetTheWholeShutdownBudget() {
    for (String name : TASKFORGE_SERVICES) {
      Map<String, Object> service = map(services.get(name));
      assertThat(String.join(" ", healthCheck(name)))
          .as("health check of %s", name)
          .contains("/actuator/health/readiness");
      assertThat(service.get("stop_grace_period"))
          .as("stop_grace_period of %s", name)
          .isEqualTo("30s");
    }
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
            data.resolve("artifacts").toString());
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
        // Compose's own health checks (run as the container would, on the ports given here) pass
        // once each process is ready.
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  assertThat(runHealthCheck("app", 8080, appPort)).as("app healthy").isZero();
                  assertThat(runHealthCheck("worker", 8080, workerPort)).as("worker").isZero();
                  assertThat(runHealthCheck("gpu-worker", 9091, gpuWorkerPort)).as("gpu").isZero();
                });

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
    Map<String, String> environment = environment(service, DOT_ENV);
    environment.putAll(docker);
    environment.putAll(overrides);
    return JarProcess.start("compose-" + service, jar, ROOT, environment, List.of());
  }

  /** A service's environment as compose gives it, its variables filled in from {@code dotEnv}. */
  private static Map<String, String> environment(String service, Map<String, String> dotEnv) {
    Map<String, String> environment = new HashMap<>();
    map(map(services.get(service)).get("environment"))
        .forEach((key, value) -> environment.put(key, interpolate(String.valueOf(value), dotEnv)));
    return environment;
  }

  /** Compose's interpolation of {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?msg}}. */
  private static String interpolate(String value, Map<String, String> dotEnv) {
    return VARIABLE
        .matcher(value)
        .replaceAll(
            variable -> {
              String set = dotEnv.get(variable.group(1));
              boolean missing = set == null || set.isEmpty();
              if (missing && ":?".equals(variable.group(2))) {
                throw new IllegalStateException(
                    "required variable " + variable.group(1) + " is missing: " + variable.group(3));
              }
              String result =
                  missing ? (":-".equals(variable.group(2)) ? variable.group(3) : "") : set;
              return Matcher.quoteReplacement(result);
            });
  }

  /** The service's health-check command (CMD form), as compose gives it to Docker. */
  private static List<String> healthCheck(String service) {
    List<Object> test = list(map(map(services.get(service)).get("healthcheck")).get("test"));
    assertThat(test).as("health check of %s", service).isNotEmpty().startsWith("CMD");
    return test.subList(1, test.size()).stream().map(String::valueOf).toList();
  }

  /** Runs a service's health check here, against {@code port} instead of its container port. */
  private static int runHealthCheck(String service, int containerPort, int port)
      throws IOException, InterruptedException {
    List<String> command =
        healthCheck(service).stream()
            .map(arg -> arg.replace("/" + containerPort, "/" + port))
            .toList();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  private static void awaitUp(JarProcess process, int port) {
    await()
        .atMost(Duration.ofSeconds(180))
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

package io.taskforge.app.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskforge.activities.egress.EgressPolicy;
import io.taskforge.app.support.Callers;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.GroupApi;
import io.taskforge.app.support.TaskApi;
import io.taskforge.app.support.TemporalDevServer;
import io.taskforge.app.support.TenantTasks;
import io.taskforge.app.support.TestTenants;
import io.taskforge.app.task.SubmitTaskRequest;
import io.taskforge.app.task.TaskRequestValidator;
import io.taskforge.workflows.TenantIds;
import io.taskforge.workflows.task.FailureKind;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskFailure;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskResult;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.webhook.WebhookSpec;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The egress policy end to end, as an attacker with a tenant's key would try it: every loopback
 * spelling against a real local server that answers when reached, redirects, the dev server's HTTP
 * API (the route that minted an admin key) and Web UI, the app's actuator, and webhooks. Tenant
 * {@code default} may reach loopback in the tests ({@code TemporalDevServerInitializer}); {@code
 * acme} may not. Every connection here goes to loopback, and the refused ones to nothing at all.
 */
@EndToEndTest
@TestTenants
class EgressPolicyIT {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @Autowired WebTestClient web;
  @Autowired MeterRegistry meters;
  @Autowired WorkflowClient workflowClient;
  @Autowired TaskRequestValidator validator;
  @LocalServerPort int appPort;

  WebTestClient acme;
  HttpServer target;
  final List<String> hits = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    acme = Callers.withKey(web, TestTenants.Key.ACME);
    target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/",
        exchange -> {
          hits.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    target.start();
  }

  @AfterEach
  void tearDown() {
    target.stop(0);
  }

  private int port() {
    return target.getAddress().getPort();
  }

  /**
   * Run time, for a tenant without an allow-list: each task runs under a workflow id in {@code
   * acme}'s id space, with its URL as a template would hand it over (no submission check), so the
   * worker's policy alone decides.
   */
  @Test
  void everyLoopbackSpelling_atRunTime_failsWithEgressDeniedAfterOneAttempt_unheard() {
    List<String> spellings =
        List.of(
            "localhost",
            "LOCALHOST",
            "127.0.0.1",
            "127.0.0.2",
            "127.1",
            "127.0.1",
            "2130706433",
            "0177.0.0.1",
            "0x7f.1",
            "0x7f000001",
            "0x7F.0.0.1",
            "127.000.000.001",
            "127.0.0.1.",
            "0.0.0.0",
            "0",
            "[::1]",
            "[0:0:0:0:0:0:0:1]",
            "[::ffff:127.0.0.1]",
            "[::ffff:7f00:1]",
            "[::]");
    Map<String, String> started = new LinkedHashMap<>();
    for (String spelling : spellings) {
      String url = "http://" + spelling + ":" + port() + "/hit";
      started.put(spelling, startAs("acme", httpInput(url, null)));
    }

    started.forEach((spelling, workflowId) -> assertRefused(failureOf(workflowId), spelling, null));
    assertThat(hits).isEmpty();
    assertThat(meters.get(EgressPolicy.DENIED_METRIC).tags("caller", "http_request").counters())
        .isNotEmpty();
  }

  @Test
  void urlBuiltByATemplate_isCheckedWhenTheTaskRuns() {
    Map<String, Object> task =
        Map.of(
            "name",
            "a",
            "type",
            "http_request",
            "params",
            Map.of("url", "{{context.target}}"),
            "retry",
            Map.of("maxAttempts", 3, "initialInterval", "1s"));
    String group =
        new GroupApi(web)
            .submit(
                Map.of(
                    "tasks",
                    List.of(task),
                    "context",
                    Map.of("target", "http://0x7f.1:" + port() + "/templated")));

    Map<String, Object> failed =
        new TaskApi(web).awaitStatus(group + ".a", "FAILED", Duration.ofSeconds(90));

    assertRefused(viewFailure(failed), "templated 0x7f.1", "ambiguous-host");
    assertThat(hits).isEmpty();
  }

  @Test
  void literalLoopbackAndFileUrls_areRefusedAtSubmission_namingTheField() {
    assertThat(errors(submit(acme, httpRequest("http://127.0.0.1:" + port() + "/"))))
        .containsEntry(
            "params.url", "egress denied by rule 'loopback': 127.0.0.1 is in the loopback range");
    assertThat(errors(submit(acme, httpRequest("http://[::ffff:127.0.0.1]:" + port() + "/"))))
        .containsKey("params.url");
    assertThat(errors(submit(acme, httpRequest("http://169.254.169.254/latest/meta-data/"))))
        .containsEntry(
            "params.url",
            "egress denied by rule 'metadata': 169.254.169.254 is in the cloud metadata range");
    assertThat(errors(submit(web, httpRequest("file:///etc/passwd")))).containsKey("params.url");
    assertThat(
            errors(
                submit(
                    acme,
                    Map.of(
                        "type",
                        "document_processing",
                        "params",
                        Map.of("url", "http://10.0.0.1/doc.txt")))))
        .containsEntry(
            "params.url", "egress denied by rule 'private': 10.0.0.1 is in the private range");
    Map<String, Object> group =
        acme.post()
            .uri("/api/v1/task-groups")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("tasks", List.of(httpTask("a", "http://127.0.0.1:" + port() + "/"))))
            .exchange()
            .expectStatus()
            .isEqualTo(422)
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    assertThat(errors(group)).containsKey("tasks[0].params.url");
    assertThat(hits).isEmpty();
  }

  @Test
  void tenantThatMayReachLoopback_reachesIt_butNeverByAnAmbiguousSpelling() {
    TaskApi mine = new TaskApi(web);
    String allowed = mine.submit(httpRequest("http://127.0.0.1:" + port() + "/allowed"));
    mine.awaitStatus(allowed, "COMPLETED");
    assertThat(hits).containsExactly("GET /allowed");

    assertThat(errors(submit(web, httpRequest("http://127.1:" + port() + "/"))))
        .hasEntrySatisfying(
            "params.url",
            message -> assertThat(message).startsWith("egress denied by rule 'ambiguous-host'"));
    assertThat(errors(submit(web, httpRequest("http://0x7f.1:" + port() + "/"))))
        .containsKey("params.url");
    assertThat(hits).hasSize(1);
  }

  @Test
  void redirectFromAnAllowedLocalServer_toADeniedOne_isRefused() throws IOException {
    HttpServer denied = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> deniedHits = new CopyOnWriteArrayList<>();
    denied.createContext(
        "/",
        exchange -> {
          deniedHits.add(exchange.getRequestURI().toString());
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    denied.start();
    TemporalDevServer temporal = TemporalDevServer.shared();
    target.createContext(
        "/to-ambiguous", redirectTo("http://0x7f.1:" + denied.getAddress().getPort() + "/secret"));
    target.createContext(
        "/to-temporal",
        redirectTo("http://127.0.0.1:" + temporal.httpPort() + "/api/v1/namespaces"));
    try {
      TaskApi mine = new TaskApi(web);
      String viaSpelling = mine.submit(followed("http://127.0.0.1:" + port() + "/to-ambiguous"));
      String viaProtected = mine.submit(followed("http://127.0.0.1:" + port() + "/to-temporal"));

      assertRefused(
          viewFailure(mine.awaitStatus(viaSpelling, "FAILED")), "via 0x7f.1", "ambiguous-host");
      assertRefused(
          viewFailure(mine.awaitStatus(viaProtected, "FAILED")), "via the HTTP API", "protected");
      assertThat(deniedHits).isEmpty();
      assertThat(hits).containsExactlyInAnyOrder("GET /to-ambiguous", "GET /to-temporal");
    } finally {
      denied.stop(0);
    }
  }

  @Test
  void temporalsHttpApi_webUi_grpcPort_andTheAppsActuator_areRefused_evenWhereLoopbackIsAllowed()
      throws Exception {
    TemporalDevServer temporal = TemporalDevServer.shared();
    int grpcPort = URI.create("http://" + temporal.address()).getPort();
    // They do answer when reached: the test itself (not a task) can see them.
    HttpClient probe = HttpClient.newHttpClient();
    assertThat(
            probe
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:" + temporal.httpPort() + "/api/v1/namespaces"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(200);

    // The route that minted an admin key: an Update to the api-key registry workflow.
    String mint = "/api/v1/namespaces/default/workflows/_taskforge%2Fapi-keys/update/create";
    // The route that read another tenant's task history.
    String history = "/api/v1/namespaces/default/workflows/acme%2Fsecret/history";
    Map<String, Object> mintRequest =
        Map.of(
            "type",
            "http_request",
            "params",
            Map.of(
                "url",
                "http://localhost:" + temporal.httpPort() + mint,
                "method",
                "POST",
                "body",
                Map.of("admin", true)));
    assertThat(
            errors(
                submit(
                    web,
                    Map.of(
                        "type",
                        "http_request",
                        "params",
                        Map.of("url", "http://127.0.0.1:" + temporal.httpPort() + mint)))))
        .hasEntrySatisfying(
            "params.url",
            message -> assertThat(message).startsWith("egress denied by rule 'protected'"));

    TaskApi mine = new TaskApi(web);
    List<String> ids = new ArrayList<>();
    ids.add(mine.submit(mintRequest));
    ids.add(mine.submit(httpRequest("http://localhost:" + temporal.httpPort() + history)));
    ids.add(mine.submit(httpRequest("http://localhost:" + temporal.uiPort() + "/")));
    ids.add(mine.submit(httpRequest("http://localhost:" + grpcPort + "/")));
    ids.add(mine.submit(httpRequest("http://localhost:" + appPort + "/actuator/health")));
    ids.add(mine.submit(httpRequest("http://localhost:" + appPort + "/actuator/prometheus")));
    for (String id : ids) {
      assertRefused(viewFailure(mine.awaitStatus(id, "FAILED")), id, "protected");
    }
  }

  @Test
  void webhookToLoopback_forATenantWithoutAllowList_isRefusedAtSubmission_orAtDelivery() {
    Map<String, Object> literal =
        Map.of(
            "type",
            "sleep",
            "params",
            Map.of("duration", "1ms"),
            "webhook",
            Map.of("url", "http://127.0.0.1:" + port() + "/hook", "secret", "s3cret"));
    assertThat(errors(submit(acme, literal)))
        .hasEntrySatisfying(
            "webhook.url",
            message -> assertThat(message).startsWith("egress denied by rule 'loopback'"));

    WebhookSpec hook =
        new WebhookSpec(
            "http://localhost:" + port() + "/hook", "s3cret", null, 3, Duration.ofSeconds(1));
    String workflowId = startAs("acme", sleepInput(hook));

    TaskResult result;
    try {
      result =
          workflowClient
              .newUntypedWorkflowStub(workflowId)
              .getResult(60, TimeUnit.SECONDS, TaskResult.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(workflowId + " did not end within 60s", e);
    }

    assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(result.webhook().delivered()).isFalse();
    assertThat(result.webhook().attempts()).isEqualTo(1);
    assertThat(result.webhook().lastError()).startsWith("egress denied by rule 'loopback'");
    assertThat(hits).isEmpty();
  }

  // --- helpers ---

  private static Map<String, Object> httpTask(String name, String url) {
    Map<String, Object> task = new LinkedHashMap<>(httpRequest(url));
    task.put("name", name);
    return task;
  }

  private static Map<String, Object> httpRequest(String url) {
    return http(Map.of("url", url));
  }

  private static Map<String, Object> followed(String url) {
    return http(Map.of("url", url, "followRedirects", true));
  }

  /** An http_request that could be retried: a refusal must still end it after one attempt. */
  private static Map<String, Object> http(Map<String, Object> params) {
    return Map.of(
        "type",
        "http_request",
        "params",
        params,
        "retry",
        Map.of("maxAttempts", 3, "initialInterval", "1s"));
  }

  private com.sun.net.httpserver.HttpHandler redirectTo(String location) {
    return exchange -> {
      hits.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("Location", location);
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    };
  }

  /**
   * The task failed on its first attempt, refused by the egress policy ({@code rule}, if given).
   */
  private static void assertRefused(TaskFailure failure, String label, String rule) {
    assertThat(failure).as(label).isNotNull();
    assertThat(failure.type()).as(label).isEqualTo(FailureTypes.EGRESS_DENIED);
    assertThat(failure.attempts()).as(label).isEqualTo(1);
    assertThat(failure.message())
        .as(label)
        .startsWith("egress denied by rule '" + (rule == null ? "" : rule + "'"));
  }

  /** The failure of a task as the API shows it. */
  @SuppressWarnings("unchecked")
  private static TaskFailure viewFailure(Map<String, Object> task) {
    Map<String, Object> failure = (Map<String, Object>) task.get("failure");
    assertThat(failure).as("%s", task).isNotNull();
    return new TaskFailure(
        FailureKind.ERROR,
        (String) failure.get("message"),
        (String) failure.get("type"),
        ((Number) failure.get("attempts")).intValue());
  }

  /** An http_request input allowing three attempts, as the API builds it, with {@code url}. */
  private TaskInput httpInput(String url, WebhookSpec webhook) {
    TaskInput template =
        validator
            .validate(
                new SubmitTaskRequest(
                    null,
                    "http_request",
                    null,
                    null,
                    null,
                    Map.of("url", "https://template.invalid/"),
                    null,
                    new SubmitTaskRequest.Retry(3, "1s", null, null, null),
                    null,
                    null,
                    null,
                    null,
                    null),
                "acme")
            .input();
    Map<String, Object> params = new LinkedHashMap<>(template.params());
    params.put("url", url);
    return withParams(template, params, webhook);
  }

  private TaskInput sleepInput(WebhookSpec webhook) {
    TaskInput template =
        TenantTasks.validated(validator, "sleep", Map.of("duration", "1ms"), "acme").input();
    return withParams(template, template.params(), webhook);
  }

  private static TaskInput withParams(
      TaskInput input, Map<String, Object> params, WebhookSpec webhook) {
    return new TaskInput(
        input.type(),
        params,
        input.priority(),
        input.activityTaskQueue(),
        input.retry(),
        input.timeouts(),
        false,
        null,
        List.of(),
        webhook);
  }

  /**
   * Starts the task in the tenant's id space ({@link TenantIds}), where the worker reads the tenant
   * from, as the API does once its ids are tenant-scoped.
   */
  private String startAs(String tenant, TaskInput input) {
    return TenantTasks.start(
        workflowClient,
        TenantIds.workflowId(tenant, "egress-it-" + UUID.randomUUID()),
        input,
        tenant);
  }

  /** How the task failed; the test fails if it did not. */
  private TaskFailure failureOf(String workflowId) {
    try {
      workflowClient
          .newUntypedWorkflowStub(workflowId)
          .getResult(60, TimeUnit.SECONDS, TaskResult.class);
    } catch (WorkflowFailedException e) {
      if (e.getCause() instanceof ApplicationFailure failure) {
        return failure.getDetails().get(TaskFailure.class);
      }
      throw e;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(workflowId + " did not end within 60s", e);
    }
    throw new AssertionError(workflowId + " completed, but it should have failed");
  }

  private static Map<String, Object> submit(WebTestClient client, Map<String, Object> request) {
    return client
        .post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(request)
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  /** The problem's field errors, field to message. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> errors(Map<String, Object> problem) {
    Map<String, String> byField = new LinkedHashMap<>();
    for (Map<String, Object> error : (List<Map<String, Object>>) problem.get("errors")) {
      byField.put((String) error.get("field"), (String) error.get("message"));
    }
    return byField;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> webhookOf(Map<String, Object> task) {
    return (Map<String, Object>) task.get("webhook");
  }
}

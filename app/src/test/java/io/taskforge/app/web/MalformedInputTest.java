package io.taskforge.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.webhook.WebhookSettings;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.agency.AgencyController;
import io.taskforge.app.agency.AgencyRequestMapper;
import io.taskforge.app.agency.AgencyService;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.schedule.ScheduleController;
import io.taskforge.app.schedule.ScheduleRequestMapper;
import io.taskforge.app.schedule.ScheduleService;
import io.taskforge.app.security.ApiKeyAdmin;
import io.taskforge.app.security.ApiKeyController;
import io.taskforge.app.support.ApiSecurity;
import io.taskforge.app.support.SliceEgress;
import io.taskforge.app.task.TaskController;
import io.taskforge.app.task.TaskRequestValidator;
import io.taskforge.app.task.TaskService;
import io.taskforge.app.taskgroup.GroupFixtures;
import io.taskforge.app.taskgroup.TaskGroupController;
import io.taskforge.app.taskgroup.TaskGroupRequestMapper;
import io.taskforge.app.taskgroup.TaskGroupService;
import io.taskforge.app.tasktype.TaskTypeRegistry;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * Every malformed input to every body-taking endpoint is refused with a 4xx problem that names the
 * field, before anything reaches Temporal, and never with a 5xx or a Java class name.
 */
@WebFluxTest(
    controllers = {
      TaskController.class,
      TaskGroupController.class,
      AgencyController.class,
      ScheduleController.class,
      ApiKeyController.class
    })
@Import({
  ApiSecurity.class,
  SliceEgress.class,
  ApiExceptionHandler.class,
  RejectedRequests.class,
  TaskRequestValidator.class,
  TaskGroupRequestMapper.class,
  AgencyRequestMapper.class,
  ScheduleRequestMapper.class,
  Blocking.class,
  BodySizeLimitFilter.class,
  TaskTypeRegistry.class,
  MalformedInputTest.Types.class
})
class MalformedInputTest {
  @Autowired WebTestClient web;
  @MockitoBean TaskService tasks;
  @MockitoBean TaskGroupService groups;
  @MockitoBean AgencyService agencies;
  @MockitoBean ScheduleService schedules;
  @MockitoBean ApiKeyAdmin keys;

  @TestConfiguration
  @EnableConfigurationProperties({ApiSettings.class, WorkerSettings.class, WebhookSettings.class})
  static class Types {
    @Bean
    TaskHandler echo() {
      return GroupFixtures.handler(GroupFixtures.echo());
    }
  }

  // --- unknown fields ---

  @Test
  void misspelledTaskField_is400NamingTheField() {
    post("/api/v1/tasks", "{\"type\":\"echo\",\"params\":{\"text\":\"x\"},\"priorty\":\"HIGH\"}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.MALFORMED_REQUEST.toString())
        .jsonPath("$.errors[0].field")
        .isEqualTo("priorty")
        .jsonPath("$.errors[0].message")
        .isEqualTo("is not a known field")
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("priorty"));
    verifyNoInteractions(tasks);
  }

  @Test
  void unknownNestedTaskField_namesItsPath() {
    post("/api/v1/tasks", "{\"type\":\"echo\",\"retry\":{\"maxAttempt\":3}}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("retry.maxAttempt");
  }

  @Test
  void unknownFieldOfAGroupTask_namesItsPathWithTheIndex() {
    post(
            "/api/v1/task-groups",
            "{\"tasks\":[{\"name\":\"a\",\"type\":\"echo\",\"params\":{\"text\":\"x\"}},"
                + "{\"name\":\"b\",\"type\":\"echo\",\"priorty\":\"HIGH\"}]}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("tasks[1].priorty");
    verifyNoInteractions(groups);
  }

  @Test
  void unknownFieldsOfAgenciesSchedulesAndKeys_are400NamingTheField() {
    expectUnknown("/api/v1/agencies", "{\"groups\":[],\"keepopen\":true}", "keepopen");
    expectUnknown(
        "/api/v1/agencies",
        "{\"groups\":[{\"name\":\"g\",\"tasks\":[],\"dependson\":[]}]}",
        "groups[0].dependson");
    expectUnknown(
        "/api/v1/schedules",
        "{\"action\":{\"task\":{\"type\":\"echo\"}},\"spec\":{\"crons\":[\"* * * * *\"]}}",
        "spec.crons");
    expectUnknown("/api/v1/admin/api-keys", "{\"name\":\"ci\",\"tenantt\":\"acme\"}", "tenantt");
    web.patch()
        .uri("/api/v1/schedules/s-1")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"polcy\":{}}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("polcy");
    verifyNoInteractions(agencies, schedules, keys);
  }

  // --- wrong types, out-of-range numbers, bad JSON: 400 naming the field, no class names ---

  @Test
  void wrongTypes_are400NamingTheFieldAndTheExpectedType() {
    expectWrongType("{\"type\":\"echo\",\"manualStart\":\"yes\"}", "manualStart", "true or false");
    expectWrongType("{\"type\":\"echo\",\"retry\":{\"maxAttempts\":1.5}}", "retry.maxAttempts");
    expectWrongType("{\"type\":\"echo\",\"metadata\":[1]}", "metadata", "an object");
    expectWrongType("{\"type\":\"echo\",\"dependencies\":{\"a\":1}}", "dependencies", "an array");
    expectWrongType("{\"type\":\"echo\",\"params\":[1,2]}", "params", "an object");
    expectWrongType("{\"type\":{\"name\":\"echo\"}}", "type", "a string");
  }

  @Test
  void hugeNumber_is400NamingTheField() {
    expectWrongType(
        "{\"type\":\"echo\",\"retry\":{\"maxAttempts\":99999999999999999999}}",
        "retry.maxAttempts",
        "an integer");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "[1,2]",
        "\"text\"",
        "42",
        "{\"type\": ",
        "{\"type\":\"echo\"} trailing",
        "{'type':'echo'}",
        "{\"type\":\"echo\",}",
        "{\"type\":\"echo\",\"type\":\"other\"}"
      })
  void malformedBodies_are400WithoutInternals(String body) {
    post("/api/v1/tasks", body)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.MALFORMED_REQUEST.toString())
        .jsonPath("$.detail")
        .value(noInternals());
    verifyNoInteractions(tasks);
  }

  @Test
  void deeplyNestedParams_are400() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    post("/api/v1/tasks", "{\"type\":\"echo\",\"params\":{\"text\":" + deep + "}}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(noInternals());
  }

  // --- lone surrogates ---

  @Test
  void loneSurrogateInAStringField_is400NamingTheField() {
    post("/api/v1/tasks", "{\"type\":\"echo\",\"name\":\"bad \\ud800 name\"}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("name");
  }

  @Test
  void loneSurrogatesDeepInParamsAndInKeys_are400NamingThePath() {
    post(
            "/api/v1/task-groups",
            "{\"tasks\":[{\"name\":\"a\",\"type\":\"echo\",\"params\":{\"text\":\"ok\"}}],"
                + "\"context\":{\"k\":[\"fine\",{\"x\":\"\\udc00\"}]}}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("context.k[1].x");
    post("/api/v1/tasks", "{\"type\":\"echo\",\"metadata\":{\"\\ud83d\":\"v\"}}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("metadata");
    verifyNoInteractions(tasks, groups);
  }

  @Test
  void aPairedSurrogate_isAccepted() {
    post("/api/v1/tasks", "{\"type\":\"echo\",\"params\":{\"text\":\"\\ud83d\\ude00 ok\"}}")
        .expectStatus()
        .value(status -> assertThat(status).isNotEqualTo(400));
  }

  @Test
  void rawUtf8EncodedSurrogate_is400() {
    byte[] prefix = "{\"type\":\"echo\",\"name\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + surrogate.length + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    System.arraycopy(surrogate, 0, body, prefix.length, surrogate.length);
    System.arraycopy(suffix, 0, body, prefix.length + surrogate.length, suffix.length);
    web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isBadRequest();
    verifyNoInteractions(tasks);
  }

  // --- body size ---

  @Test
  void bodyBetween256KiBAnd1MB_isAccepted() {
    String text = "x".repeat(600 * 1024);
    post("/api/v1/tasks", "{\"type\":\"echo\",\"params\":{\"text\":\"" + text + "\"}}")
        .expectStatus()
        .value(status -> assertThat(status).isNotEqualTo(413));
  }

  @Test
  void oversizedBodyWithoutContentLength_is413ProblemWithType() {
    byte[] chunk = ("\"" + "x".repeat(64 * 1024 - 2) + "\"").getBytes(StandardCharsets.UTF_8);
    Flux<DataBuffer> body =
        Flux.concat(
            Flux.just(bytes("{\"type\":\"echo\",\"params\":{\"text\":[")),
            Flux.range(0, 20).map(i -> bytes((i == 0 ? "" : ",") + new String(chunk))),
            Flux.just(bytes("]}}")));
    web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .body(body, DataBuffer.class)
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.PAYLOAD_TOO_LARGE.toString());
    verify(tasks, never()).submit(any(), any(), any(), any());
  }

  @Test
  void oversizedBodyWithContentLength_is413ProblemWithType() {
    post(
            "/api/v1/tasks",
            "{\"type\":\"echo\",\"params\":{\"text\":\"" + "x".repeat(1_100_000) + "\"}}")
        .expectStatus()
        .isEqualTo(413)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.PAYLOAD_TOO_LARGE.toString());
  }

  // --- headers and query parameters ---

  @Test
  void nonAsciiIdempotencyKey_is422NamingTheHeader() {
    web.post()
        .uri("/api/v1/tasks")
        .header("Idempotency-Key", "caf\u00e9")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"type\":\"echo\",\"params\":{\"text\":\"x\"}}")
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("Idempotency-Key");
    verifyNoInteractions(tasks);
  }

  @Test
  void controlCharacterInAHeader_is400NamingTheHeader() {
    web.post()
        .uri("/api/v1/tasks")
        .header("Idempotency-Key", "a\u0085b")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"type\":\"echo\",\"params\":{\"text\":\"x\"}}")
        .exchange()
        .expectStatus()
        .value(status -> assertThat(status).isBetween(400, 422))
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("Idempotency-Key");
    verifyNoInteractions(tasks);
  }

  @Test
  void nonNumericQueryParameters_are400NamingTheParameter() {
    get("/api/v1/tasks?pageSize=abc", "pageSize");
    get("/api/v1/tasks?pageSize=99999999999999", "pageSize");
    get("/api/v1/task-groups?pageSize=1.5", "pageSize");
    web.delete()
        .uri("/api/v1/tasks/t-1?force=maybe")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("force");
    verifyNoInteractions(tasks, groups);
  }

  @Test
  void frameworkRefusals_areProblemsWithATypeToo() {
    web.get()
        .uri("/api/v1/no-such-thing")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.NOT_FOUND.toString());
    web.put()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isEqualTo(405)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.METHOD_NOT_ALLOWED.toString());
    web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("type=echo")
        .exchange()
        .expectStatus()
        .isEqualTo(415)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.UNSUPPORTED_MEDIA_TYPE.toString());
  }

  @Test
  void pathTheFirewallRefuses_is400Problem() {
    web.get()
        .uri("/api/v1/tasks/a%2Fb")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.MALFORMED_REQUEST.toString());
  }

  @Test
  void unexpectedInternalError_saysNothingOfItsCause() {
    when(tasks.get(anyString(), anyString()))
        .thenThrow(new IllegalStateException("io.taskforge.Secret at 10.0.0.7:7233"));
    web.get()
        .uri("/api/v1/tasks/t-1")
        .exchange()
        .expectStatus()
        .isEqualTo(500)
        .expectBody()
        .jsonPath("$.detail")
        .value(noInternals());
  }

  @Test
  void temporalUnavailable_doesNotEchoTheServersAddress() {
    when(tasks.get(anyString(), anyString()))
        .thenThrow(
            new StatusRuntimeException(
                Status.UNAVAILABLE.withDescription(
                    "io exception: Connection refused: /10.1.2.3:7233")));
    web.get()
        .uri("/api/v1/tasks/t-1")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectBody()
        .jsonPath("$.detail")
        .value(noInternals());
  }

  private void expectUnknown(String uri, String body, String field) {
    post(uri, body)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo(field)
        .jsonPath("$.errors[0].message")
        .isEqualTo("is not a known field");
  }

  private void expectWrongType(String body, String field, String... expected) {
    post("/api/v1/tasks", body)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.MALFORMED_REQUEST.toString())
        .jsonPath("$.errors[0].field")
        .isEqualTo(field)
        .jsonPath("$.errors[0].message")
        .value(
            message -> {
              for (String word : expected) {
                assertThat((String) message).contains(word);
              }
            })
        .jsonPath("$.detail")
        .value(noInternals());
    verifyNoInteractions(tasks);
  }

  private void get(String uri, String field) {
    web.get()
        .uri(uri)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo(field);
  }

  private WebTestClient.ResponseSpec post(String uri, String body) {
    return web.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
  }

  private static DataBuffer bytes(String text) {
    return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  /** No Java class or package names, no Jackson tokens, no internal addresses. */
  private static Consumer<Object> noInternals() {
    return detail ->
        assertThat((String) detail)
            .doesNotContain("java.")
            .doesNotContain("io.taskforge")
            .doesNotContain("tools.jackson")
            .doesNotContain("JsonToken")
            .doesNotContain("`")
            .doesNotContain("10.")
            .doesNotContain("7233")
            .doesNotContainPattern("[A-Z][a-z]+[A-Z][A-Za-z]*(Request|Exception)");
  }
}

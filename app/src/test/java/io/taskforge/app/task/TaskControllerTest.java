package io.taskforge.app.task;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.activities.TaskContext;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.webhook.WebhookSettings;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.support.ApiSecurity;
import io.taskforge.app.support.SliceEgress;
import io.taskforge.app.tasktype.TaskTypeController;
import io.taskforge.app.tasktype.TaskTypeRegistry;
import io.taskforge.app.web.ApiExceptionHandler;
import io.taskforge.app.web.Blocking;
import io.taskforge.app.web.BodySizeLimitFilter;
import io.taskforge.app.web.Problems;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowServiceException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Validation and error mapping of the task API; the Temporal side is a mock here. */
@WebFluxTest(controllers = {TaskController.class, TaskTypeController.class})
@Import({
  ApiSecurity.class,
  SliceEgress.class,
  ApiExceptionHandler.class,
  TaskRequestValidator.class,
  Blocking.class,
  BodySizeLimitFilter.class,
  TaskTypeRegistry.class,
  TaskControllerTest.Types.class
})
class TaskControllerTest {
  @Autowired WebTestClient web;
  @MockitoBean TaskService tasks;

  @TestConfiguration
  @EnableConfigurationProperties({ApiSettings.class, WorkerSettings.class, WebhookSettings.class})
  static class Types {
    @Bean
    TaskHandler echo() {
      return new TaskHandler() {
        @Override
        public TaskTypeDefinition definition() {
          return new TaskTypeDefinition(
              "echo",
              "Echoes its input.",
              TaskQueues.DEFAULT,
              List.of(
                  ParamSpec.required("text", ParamType.STRING, "What to echo."),
                  ParamSpec.optional("times", ParamType.INTEGER, 1, "How often.").between(1, 10)),
              RetrySpec.of(3, Duration.ofSeconds(1)),
              new TimeoutSpec(
                  Duration.ofMinutes(10), Duration.ofMinutes(5), null, Duration.ofSeconds(30)));
        }

        @Override
        public TaskOutput handle(TaskActivityInput input, TaskContext context) {
          return TaskOutput.of(input.params());
        }
      };
    }
  }

  @Test
  void unknownType_is422NamingTheField_andStartsNothing() {
    post(Map.of("type", "nope"))
        .expectStatus()
        .isEqualTo(422)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.INVALID_REQUEST.toString())
        .jsonPath("$.errors[0].field")
        .isEqualTo("type");
    verify(tasks, never()).submit(any(), any(), any(), any());
  }

  @Test
  void missingType_is422() {
    post(Map.of("params", Map.of()))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("type");
  }

  @Test
  void wrongParamTypesAndUnknownParams_areAllReported() {
    post(Map.of("type", "echo", "params", Map.of("text", 5, "times", 99, "colour", "red")))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors.length()")
        .isEqualTo(3)
        .jsonPath("$.errors[?(@.field == 'params.text')].message")
        .isEqualTo("must be of type string")
        .jsonPath("$.errors[?(@.field == 'params.times')].message")
        .isEqualTo("must be at most 10")
        .jsonPath("$.errors[?(@.field == 'params.colour')]")
        .exists();
  }

  @Test
  void missingRequiredParam_is422() {
    post(Map.of("type", "echo"))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("params.text");
  }

  @Test
  void badDurationsPriorityAndStartAt_are422WithEachField() {
    post(Map.of(
            "type",
            "echo",
            "params",
            Map.of("text", "hi"),
            "priority",
            "URGENT",
            "timeouts",
            Map.of("execution", "ten minutes", "attempt", "1h", "heartbeat", "-5s"),
            "retry",
            Map.of("maxAttempts", -1, "backoffCoefficient", 0.5),
            "startAt",
            "tomorrow"))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[?(@.field == 'priority')]")
        .exists()
        .jsonPath("$.errors[?(@.field == 'timeouts.execution')]")
        .exists()
        .jsonPath("$.errors[?(@.field == 'timeouts.heartbeat')]")
        .exists()
        .jsonPath("$.errors[?(@.field == 'retry.maxAttempts')]")
        .exists()
        .jsonPath("$.errors[?(@.field == 'retry.backoffCoefficient')]")
        .exists()
        .jsonPath("$.errors[?(@.field == 'startAt')]")
        .exists();
  }

  @Test
  void tooLongIdAndBadIdCharacters_are422() {
    post(Map.of("type", "echo", "params", Map.of("text", "x"), "id", "a".repeat(129)))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("id");
    post(Map.of("type", "echo", "params", Map.of("text", "x"), "id", "../etc/passwd"))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("id");
  }

  @Test
  void manualStartWithStartAt_is422() {
    post(Map.of(
            "type",
            "echo",
            "params",
            Map.of("text", "x"),
            "manualStart",
            true,
            "startAt",
            "2030-01-01T00:00:00Z"))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("startAt");
  }

  @Test
  void malformedJson_is400ProblemDetails() {
    web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"type\": ")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.MALFORMED_REQUEST.toString());
  }

  @Test
  void paramsNotAnObject_is400() {
    web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"type\":\"echo\",\"params\":[1,2]}")
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  @Test
  void oversizedBody_is413() {
    String big = "{\"type\":\"echo\",\"params\":{\"text\":\"" + "x".repeat(1_100_000) + "\"}}";
    web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(big)
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    verify(tasks, never()).submit(any(), any(), any(), any());
  }

  @Test
  void temporalUnreachable_is503WithRetryAfter() {
    when(tasks.get(anyString(), anyString()))
        .thenThrow(
            new WorkflowServiceException(
                WorkflowExecution.newBuilder().setWorkflowId("t-1").build(),
                "TaskWorkflow",
                new StatusRuntimeException(Status.UNAVAILABLE.withDescription("down"))));
    web.get()
        .uri("/api/v1/tasks/t-1")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .valueEquals("Retry-After", "5")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.TEMPORAL_UNAVAILABLE.toString());
  }

  @Test
  void notFoundFromService_is404() {
    when(tasks.get("default", "missing")).thenThrow(Problems.notFound("task", "missing"));
    web.get()
        .uri("/api/v1/tasks/missing")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo("missing");
  }

  @Test
  void listWithBadFilters_is422() {
    web.get()
        .uri("/api/v1/tasks?status=DONE&priority=HUGE&createdAfter=yesterday&pageSize=0")
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors.length()")
        .isEqualTo(4);
  }

  @Test
  void badIdempotencyKey_is422() {
    web.post()
        .uri("/api/v1/tasks")
        .header("Idempotency-Key", "k".repeat(201))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("type", "echo", "params", Map.of("text", "x")))
        .exchange()
        .expectStatus()
        .isEqualTo(422);
  }

  @Test
  void taskTypes_areListedWithParamsAndDefaults() {
    web.get()
        .uri("/api/v1/task-types")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].name")
        .isEqualTo("echo")
        .jsonPath("$[0].params[1].defaultValue")
        .isEqualTo(1)
        .jsonPath("$[0].defaultRetry.maxAttempts")
        .isEqualTo(3);
    web.get().uri("/api/v1/task-types/nope").exchange().expectStatus().isNotFound();
  }

  private WebTestClient.ResponseSpec post(Object body) {
    return web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }
}

package io.taskforge.app.taskgroup;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.webhook.WebhookSettings;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.support.ApiSecurity;
import io.taskforge.app.support.SliceEgress;
import io.taskforge.app.task.TaskRequestValidator;
import io.taskforge.app.tasktype.TaskTypeRegistry;
import io.taskforge.app.web.ApiExceptionHandler;
import io.taskforge.app.web.Blocking;
import io.taskforge.app.web.BodySizeLimitFilter;
import io.taskforge.app.web.Problems;
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

/** Validation and error mapping of the task-group API; the Temporal side is a mock here. */
@WebFluxTest(controllers = TaskGroupController.class)
@Import({
  ApiSecurity.class,
  SliceEgress.class,
  ApiExceptionHandler.class,
  TaskGroupRequestMapper.class,
  TaskRequestValidator.class,
  Blocking.class,
  BodySizeLimitFilter.class,
  TaskTypeRegistry.class,
  TaskGroupControllerTest.Types.class
})
class TaskGroupControllerTest {
  @Autowired WebTestClient web;
  @MockitoBean TaskGroupService groups;

  @TestConfiguration
  @EnableConfigurationProperties({ApiSettings.class, WorkerSettings.class, WebhookSettings.class})
  static class Types {
    @Bean
    TaskHandler echo() {
      return GroupFixtures.handler(GroupFixtures.echo());
    }
  }

  @Test
  void validGroup_is202WithLocationAndTheGroup() {
    when(groups.submit(any(), any(), any(), any()))
        .thenReturn(new TaskGroupService.Submitted(view("g-1", "PENDING"), true));

    post(Map.of(
            "id",
            "g-1",
            "tasks",
            List.of(
                Map.of("name", "a", "type", "echo", "params", Map.of("text", "hi")),
                Map.of(
                    "name",
                    "b",
                    "type",
                    "echo",
                    "dependsOn",
                    List.of("a"),
                    "params",
                    Map.of("text", "{{tasks.a.output.text}}")))))
        .expectStatus()
        .isAccepted()
        .expectHeader()
        .location("/api/v1/task-groups/g-1")
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo("g-1")
        .jsonPath("$.tasks[0].name")
        .isEqualTo("a");
  }

  @Test
  void cycle_is422WithThePathInTheMessage_andStartsNothing() {
    post(Map.of("tasks", List.of(echo("a", List.of("b")), echo("b", List.of("a")))))
        .expectStatus()
        .isEqualTo(422)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.INVALID_REQUEST.toString())
        .jsonPath("$.errors[0].field")
        .isEqualTo("tasks[0].dependsOn")
        .jsonPath("$.errors[0].message")
        .isEqualTo("cycle: a -> b -> a")
        .jsonPath("$.detail")
        .isEqualTo("tasks[0].dependsOn cycle: a -> b -> a");
    verify(groups, never()).submit(any(), any(), any(), any());
  }

  @Test
  void duplicateNamesAndUnknownDependencies_areEachNamed() {
    post(Map.of(
            "tasks",
            List.of(echo("a", List.of()), echo("a", List.of()), echo("c", List.of("ghost")))))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors.length()")
        .isEqualTo(2)
        .jsonPath("$.errors[?(@.field == 'tasks[1].name')].message")
        .isEqualTo("duplicate task name 'a' (also tasks[0].name)")
        .jsonPath("$.errors[?(@.field == 'tasks[2].dependsOn[0]')].message")
        .isEqualTo("unknown task 'ghost'");
  }

  @Test
  void templateReadingATaskItDoesNotDependOn_is422() {
    post(Map.of(
            "tasks",
            List.of(
                echo("a", List.of()),
                Map.of(
                    "name", "b", "type", "echo", "params", Map.of("text", "{{tasks.a.output}}")))))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("tasks[1].params.text");
  }

  @Test
  void typeErrorsInPlainParams_are422_butTemplateParamsAreNotTypeChecked() {
    post(Map.of(
            "tasks",
            List.of(
                Map.of(
                    "name",
                    "a",
                    "type",
                    "echo",
                    "params",
                    Map.of("text", 5, "times", "{{context.n}}")))))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors.length()")
        .isEqualTo(1)
        .jsonPath("$.errors[0].field")
        .isEqualTo("tasks[0].params.text")
        .jsonPath("$.errors[0].message")
        .isEqualTo("must be of type string");

    when(groups.submit(any(), any(), any(), any()))
        .thenReturn(new TaskGroupService.Submitted(view("g-2", "PENDING"), true));
    post(Map.of(
            "context",
            Map.of("n", 3, "t", "hi"),
            "tasks",
            List.of(
                Map.of(
                    "name", "a",
                    "type", "echo",
                    "params", Map.of("text", "{{context.t}}", "times", "{{context.n}}")))))
        .expectStatus()
        .isAccepted();
  }

  @Test
  void badExpansion_is422NamingTheExpandField() {
    post(Map.of(
            "tasks",
            List.of(
                Map.of(
                    "name",
                    "each",
                    "type",
                    "echo",
                    "params",
                    Map.of("text", "{{item}}"),
                    "expand",
                    Map.of("type", "array", "items", List.of(), "output", "scattered")))))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[?(@.field == 'tasks[0].expand.items')].message")
        .isEqualTo("must not be empty")
        .jsonPath("$.errors[?(@.field == 'tasks[0].expand.output')]")
        .exists();
  }

  @Test
  void unknownGroup_is404() {
    when(groups.get("default", "missing")).thenThrow(Problems.notFound("task group", "missing"));

    web.get()
        .uri("/api/v1/task-groups/missing")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.NOT_FOUND.toString())
        .jsonPath("$.id")
        .isEqualTo("missing");
  }

  @Test
  void cancellingAClosedGroup_is409() {
    when(groups.cancel("default", "done"))
        .thenThrow(Problems.conflict("task group done is already closed and cannot be cancelled"));

    web.post()
        .uri("/api/v1/task-groups/done/cancel")
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.CONFLICT.toString());
  }

  @Test
  void retryFailed_is202WithTheGroup_and409WhileRunning() {
    when(groups.retryFailed("default", "g-1", "fetch")).thenReturn(view("g-1", "PENDING"));
    when(groups.retryFailed("default", "g-2", "fetch"))
        .thenThrow(Problems.conflict("task group g-2 is still running"));

    web.post()
        .uri("/api/v1/task-groups/g-1/tasks/fetch/retry-failed")
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("PENDING");
    web.post()
        .uri("/api/v1/task-groups/g-2/tasks/fetch/retry-failed")
        .exchange()
        .expectStatus()
        .isEqualTo(409);
  }

  @Test
  void graph_isPlainTextMermaidByDefault_orDot() {
    when(groups.get("default", "g-1")).thenReturn(view("g-1", "RUNNING"));

    web.get()
        .uri("/api/v1/task-groups/g-1/graph")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
        .expectBody(String.class)
        .value(body -> org.assertj.core.api.Assertions.assertThat(body).startsWith("flowchart TD"));
    web.get()
        .uri("/api/v1/task-groups/g-1/graph?format=DOT")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body -> org.assertj.core.api.Assertions.assertThat(body).startsWith("digraph"));
    web.get()
        .uri("/api/v1/task-groups/g-1/graph?format=png")
        .exchange()
        .expectStatus()
        .isEqualTo(422);
  }

  @Test
  void listWithBadFilters_is422() {
    web.get()
        .uri("/api/v1/task-groups?status=DONE&createdBefore=soon&pageSize=5000")
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors.length()")
        .isEqualTo(3);
    verify(groups, never()).list(any(), any(), eq(5000), any());
  }

  private WebTestClient.ResponseSpec post(Map<String, Object> body) {
    return web.post()
        .uri("/api/v1/task-groups")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private static Map<String, Object> echo(String name, List<String> dependsOn) {
    return Map.of(
        "name", name, "type", "echo", "params", Map.of("text", "x"), "dependsOn", dependsOn);
  }

  private static TaskGroupView view(String id, String status) {
    return new TaskGroupView(
        id,
        "g",
        null,
        Map.of(),
        status,
        null,
        "FAIL_FAST",
        10,
        "NORMAL",
        null,
        List.of(
            new TaskGroupView.GroupTaskView(
                "a", "echo", "PENDING", null, null, List.of(), null, null, null, null, null, null,
                null)),
        Map.of(),
        null,
        null);
  }
}

package io.taskforge.app.task;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.taskforge.app.support.ApiSecurity;
import io.taskforge.app.support.SliceEgress;
import io.taskforge.app.tasktype.TaskTypeController;
import io.taskforge.app.tasktype.TaskTypeRegistry;
import io.taskforge.app.web.ApiExceptionHandler;
import io.taskforge.app.web.Blocking;
import io.taskforge.app.web.BodySizeLimitFilter;
import io.taskforge.workflows.taskgroup.DependencyCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Validation of a task's dependencies and webhook; nothing invalid reaches the service. */
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
@TestPropertySource(properties = "taskforge.webhooks.secrets.billing=named-secret")
class TaskLinksControllerTest {
  @Autowired WebTestClient web;
  @MockitoBean TaskService tasks;

  @Test
  void dependencyWithoutTaskIdOrWithBadStatus_is422NamingEachField() {
    post(echo(
            "dependencies",
            List.of(
                Map.of("requiredStatus", "COMPLETED"),
                Map.of("taskId", "a", "requiredStatus", "DONE"))))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[?(@.field == 'dependencies[0].taskId')].message")
        .isEqualTo("is required")
        .jsonPath("$.errors[?(@.field == 'dependencies[1].requiredStatus')]")
        .exists();
    verify(tasks, never()).submit(any(), any(), any(), any());
  }

  @Test
  void duplicateDependency_is422NamingTheRepeat() {
    post(echo("dependencies", List.of(Map.of("taskId", "a"), Map.of("taskId", "a"))))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("dependencies[1].taskId")
        .jsonPath("$.errors[0].message")
        .isEqualTo("repeats dependencies[0]: name a task once");
  }

  @Test
  void dependencyOnItself_is422() {
    Map<String, Object> request =
        new java.util.HashMap<>(echo("dependencies", List.of(Map.of("taskId", "me"))));
    request.put("id", "me");
    post(request)
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].message")
        .isEqualTo("a task cannot depend on itself");
  }

  @Test
  void moreThan100Dependencies_is422() {
    List<Map<String, Object>> many = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      many.add(Map.of("taskId", "t" + i));
    }
    post(echo("dependencies", many))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("dependencies");
  }

  @Test
  void webhookWithFtpUrl_is422() {
    post(echo("webhook", Map.of("url", "ftp://example.com/hook", "secret", "s")))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("webhook.url");
  }

  @Test
  void webhookWithoutSecretWhenNoDefaultIsConfigured_is422() {
    post(echo("webhook", Map.of("url", "https://example.com/hook")))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("webhook.secret");
  }

  @Test
  void webhookWithUnknownSecretRefOrTooManyAttempts_is422() {
    post(echo(
            "webhook",
            Map.of("url", "https://example.com/hook", "secretRef", "nope", "maxAttempts", 50)))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[?(@.field == 'webhook.secretRef')]")
        .exists()
        .jsonPath("$.errors[?(@.field == 'webhook.maxAttempts')]")
        .exists();
  }

  @Test
  void validDependenciesAndWebhook_reachTheService() {
    post(Map.of(
            "type",
            "echo",
            "params",
            Map.of("text", "hi"),
            "dependencies",
            List.of(Map.of("taskId", "a"), Map.of("taskId", "b", "requiredStatus", "any_terminal")),
            "webhook",
            Map.of("url", "https://example.com/hook", "secretRef", "billing")))
        .expectStatus()
        .is2xxSuccessful();
    verify(tasks)
        .submit(
            eq("default"),
            argThat(
                task ->
                    task.input().dependencies().size() == 2
                        && task.input().dependencies().get(1).requiredStatus()
                            == DependencyCondition.ANY_TERMINAL
                        && "billing".equals(task.input().webhook().secretRef())
                        && task.input().webhook().secret() == null),
            any(),
            any());
  }

  private static Map<String, Object> echo(String key, Object value) {
    return Map.of("type", "echo", "params", Map.of("text", "hi"), key, value);
  }

  private WebTestClient.ResponseSpec post(Object body) {
    return web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }
}

package io.taskforge.app.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
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
import io.taskforge.app.taskgroup.GroupFixtures;
import io.taskforge.app.taskgroup.TaskGroupRequestMapper;
import io.taskforge.app.tasktype.TaskTypeRegistry;
import io.taskforge.app.web.ApiExceptionHandler;
import io.taskforge.app.web.Blocking;
import io.taskforge.app.web.BodySizeLimitFilter;
import io.taskforge.app.web.Problems;
import io.taskforge.workflows.taskgroup.DependencyCondition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Validation and error mapping of the agency API; the Temporal side is a mock here. */
@WebFluxTest(controllers = AgencyController.class)
@Import({
  ApiSecurity.class,
  SliceEgress.class,
  ApiExceptionHandler.class,
  AgencyRequestMapper.class,
  TaskGroupRequestMapper.class,
  TaskRequestValidator.class,
  Blocking.class,
  BodySizeLimitFilter.class,
  TaskTypeRegistry.class,
  AgencyControllerTest.Types.class
})
class AgencyControllerTest {
  @Autowired WebTestClient web;
  @MockitoBean AgencyService agencies;

  @TestConfiguration
  @EnableConfigurationProperties({ApiSettings.class, WorkerSettings.class, WebhookSettings.class})
  static class Types {
    @Bean
    TaskHandler echo() {
      return GroupFixtures.handler(GroupFixtures.echo());
    }
  }

  @Test
  void validAgency_is202WithLocation_andGroupsBecomeSpecsWithTheirDependencies() {
    when(agencies.submit(any(), any())).thenReturn(view("ag-1"));

    post(Map.of(
            "id",
            "ag-1",
            "context",
            Map.of("topic", "rivers"),
            "groups",
            List.of(
                group("research", List.of()),
                group("design", List.of()),
                Map.of(
                    "name",
                    "report",
                    "dependsOn",
                    List.of("research", Map.of("group", "design", "status", "ANY_TERMINAL")),
                    "waitForContext",
                    List.of("approval"),
                    "tasks",
                    List.of(echo("write", "{{context.facts.text}}"))))))
        .expectStatus()
        .isAccepted()
        .expectHeader()
        .location("/api/v1/agencies/ag-1");

    ArgumentCaptor<AgencyRequestMapper.ValidAgency> captor =
        ArgumentCaptor.forClass(AgencyRequestMapper.ValidAgency.class);
    verify(agencies).submit(eq("default"), captor.capture());
    var input = captor.getValue().input();
    assertThat(input.groups()).hasSize(3);
    assertThat(input.groups().get(2).dependsOn().get(1).condition())
        .isEqualTo(DependencyCondition.ANY_TERMINAL);
    assertThat(input.groups().get(2).waitForContext()).containsExactly("approval");
    assertThat(input.context()).containsEntry("topic", "rivers");
  }

  @Test
  void groupCycle_is422WithThePath_andStartsNothing() {
    post(Map.of(
            "groups",
            List.of(group("a", List.of("c")), group("b", List.of("a")), group("c", List.of("b")))))
        .expectStatus()
        .isEqualTo(422)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.INVALID_REQUEST.toString())
        .jsonPath("$.errors[0].field")
        .isEqualTo("groups[0].dependsOn")
        .jsonPath("$.errors[0].message")
        .isEqualTo("cycle: a -> c -> b -> a");
    verify(agencies, never()).submit(any(), any());
  }

  @Test
  void unknownGroupRefsDuplicateAndBadNames_areEachNamed() {
    post(Map.of(
            "groups",
            List.of(
                group("a", List.of("ghost")),
                group("a", List.of()),
                group("bad.name", List.of()),
                group("groups", List.of()))))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[?(@.field == 'groups[0].dependsOn[0]')].message")
        .isEqualTo("unknown group 'ghost'")
        .jsonPath("$.errors[?(@.field == 'groups[1].name')].message")
        .isEqualTo("duplicate group name 'a' (also groups[0])")
        .jsonPath("$.errors[?(@.field == 'groups[2].name')].message")
        .isEqualTo("may contain only letters, digits, _ and - (no '.', '[' or ']')")
        .jsonPath("$.errors[?(@.field == 'groups[3].name')].message")
        .isEqualTo("'groups' is reserved");
  }

  @Test
  void eachGroupIsValidatedLikeATaskGroup_withItsPathPrefixed() {
    post(Map.of(
            "groups",
            List.of(
                Map.of(
                    "name",
                    "g",
                    "maxConcurrency",
                    0,
                    "tasks",
                    List.of(
                        Map.of("name", "t", "type", "no_such_type"),
                        Map.of("name", "u", "type", "echo", "params", Map.of("times", 99)))))))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[?(@.field == 'groups[0].maxConcurrency')]")
        .exists()
        .jsonPath("$.errors[?(@.field == 'groups[0].tasks[0].type')]")
        .exists()
        .jsonPath("$.errors[?(@.field == 'groups[0].tasks[1].params.times')]")
        .exists();
  }

  @Test
  void reservedContextKeyNoGroupsAndBadWaitForContext_are422() {
    post(Map.of("context", Map.of("groups", 1), "groups", List.of()))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[?(@.field == 'context.groups')]")
        .exists()
        .jsonPath("$.errors[?(@.field == 'groups')].message")
        .isEqualTo("is required: at least one group (or keepOpen: true)");

    post(Map.of(
            "keepOpen",
            true,
            "groups",
            List.of(
                Map.of(
                    "name",
                    "g",
                    "waitForContext",
                    List.of(""),
                    "tasks",
                    List.of(echo("t", "hi"))))))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("groups[0].waitForContext[0]");
  }

  @Test
  void contextUpdate_answersAddedAndConflicts_andRejectsEmptyOrReservedBodies() {
    when(agencies.addContext(eq("default"), eq("ag-1"), anyMap()))
        .thenReturn(
            new ContextUpdateView(
                List.of("approval"),
                List.of(),
                List.of(
                    new AgencyView.ConflictView("region", "eu", "context", "us", "api", null))));

    web.post()
        .uri("/api/v1/agencies/ag-1/context")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("approval", true, "region", "us"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.added[0]")
        .isEqualTo("approval")
        .jsonPath("$.conflicts[0].keptValue")
        .isEqualTo("eu");

    for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of(), Map.of("groups", 1))) {
      web.post()
          .uri("/api/v1/agencies/ag-1/context")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(body)
          .exchange()
          .expectStatus()
          .isEqualTo(422);
    }
  }

  @Test
  void addedGroup_isValidatedOnItsOwn() {
    web.post()
        .uri("/api/v1/agencies/ag-1/groups")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of("name", "late", "dependsOn", List.of("late"), "tasks", List.of(echo("t", "x"))))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("dependsOn[0]")
        .jsonPath("$.errors[0].message")
        .isEqualTo("group 'late' depends on itself");
    verify(agencies, never()).addGroup(any(), any(), any());
  }

  @Test
  void unknownStatusFilter_is422() {
    web.get()
        .uri("/api/v1/agencies?status=SLEEPING")
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("status");
  }

  private WebTestClient.ResponseSpec post(Map<String, Object> body) {
    return web.post()
        .uri("/api/v1/agencies")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private static Map<String, Object> group(String name, List<Object> dependsOn) {
    return Map.of("name", name, "dependsOn", dependsOn, "tasks", List.of(echo("t", "hi")));
  }

  private static Map<String, Object> echo(String name, String text) {
    return Map.of("name", name, "type", "echo", "params", Map.of("text", text));
  }

  private static AgencyView view(String id) {
    return new AgencyView(
        id, "agency", null, Map.of(), "PENDING", null, false, false, 0, List.of(), Map.of(),
        List.of(), Map.of(), null, null);
  }
}

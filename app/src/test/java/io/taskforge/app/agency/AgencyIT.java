package io.taskforge.app.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.EventsApi;
import io.taskforge.app.support.GroupApi;
import io.taskforge.app.support.TaskApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Agencies end to end: groups around a shared context on a real server, watched as events. */
@EndToEndTest
class AgencyIT {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @Autowired WebTestClient web;
  EventsApi events;
  GroupApi groups;
  TaskApi tasks;

  @BeforeEach
  void setUp() {
    events = new EventsApi(web);
    groups = new GroupApi(web);
    tasks = new TaskApi(web);
  }

  @Test
  @SuppressWarnings("unchecked")
  void threeGroups_thirdUsesBothOthersOutputs_andTheEventStreamShowsItAll() {
    String id = "ag-three-" + UUID.randomUUID().toString().substring(0, 8);
    submit(
        Map.of(
            "id",
            id,
            "name",
            "three groups",
            "context",
            Map.of("audience", "students"),
            "groups",
            List.of(
                group("research", List.of(), sleep("facts", "rivers for {{context.audience}}")),
                group("design", List.of(), sleep("layout", "two columns")),
                group(
                    "report",
                    List.of("research", "design"),
                    sleep(
                        "write",
                        "{{context.facts.message}} in {{context.groups.design.layout.message}}")))));

    List<ServerSentEvent<Map<String, Object>>> stream =
        events.readToEnd("/api/v1/agencies/" + id + "/events", null);

    Map<String, Object> agency = get(id);
    assertThat(agency.get("status")).as("%s", agency).isEqualTo("COMPLETED");
    Map<String, Object> results = (Map<String, Object>) agency.get("results");
    Map<String, Object> report = (Map<String, Object>) results.get("report");
    assertThat(report.get("status")).isEqualTo("COMPLETED");
    assertThat(((Map<String, Object>) ((Map<String, Object>) report.get("outputs")).get("write")))
        .containsEntry("message", "rivers for students in two columns");
    Map<String, Object> context = (Map<String, Object>) agency.get("context");
    assertThat(context).containsKeys("audience", "facts", "layout", "write", "groups");
    assertThat((List<Object>) agency.get("conflicts")).isEmpty();
    // Each group is a task group of its own, readable as one.
    assertThat(groups.get(id + ".report").get("status")).isEqualTo("COMPLETED");

    assertThat(EventsApi.names(stream)).first().isEqualTo("status");
    assertThat(EventsApi.names(stream)).last().isEqualTo("end");
    assertThat(stream.getLast().data()).containsEntry("status", "COMPLETED");
    assertThat(stream)
        .filteredOn(e -> "group".equals(e.event()))
        .extracting(e -> e.data().get("group"))
        .containsExactlyInAnyOrder("research", "design", "report");
    assertThat(stream)
        .filteredOn(e -> "output".equals(e.event()) && e.data().containsKey("group"))
        .extracting(e -> e.data().get("group"))
        .containsExactlyInAnyOrder("research", "design", "report");
    assertThat(stream)
        .filteredOn(e -> "context".equals(e.event()))
        .extracting(e -> e.data().get("group"))
        .containsExactlyInAnyOrder("research", "design", "report");
    int reportStarted = indexOf(stream, "group", "report");
    assertThat(reportStarted)
        .isGreaterThan(indexOf(stream, "output", "research"))
        .isGreaterThan(indexOf(stream, "output", "design"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void keepOpenSession_groupWaitsForContext_conflictsAreReported_groupsAreAddedThenClosed() {
    String id = "ag-session-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> publish =
        new java.util.LinkedHashMap<>(
            group("publish", List.of(), sleep("post", "{{context.approval}}")));
    publish.put("waitForContext", List.of("approval"));
    submit(Map.of("id", id, "keepOpen", true, "groups", List.of(publish)));

    Map<String, Object> waiting = get(id);
    Map<String, Object> group = ((List<Map<String, Object>>) waiting.get("groups")).getFirst();
    assertThat(group.get("status")).isEqualTo("WAITING");
    assertThat(group.get("waitingFor")).isEqualTo(List.of("approval"));

    Map<String, Object> added = postContext(id, Map.of("approval", "approved by ana"));
    assertThat(added.get("added")).isEqualTo(List.of("approval"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> groupStatus(get(id), "publish").equals("COMPLETED"));
    Map<String, Object> conflict = postContext(id, Map.of("approval", "rejected"));
    assertThat((List<Map<String, Object>>) conflict.get("conflicts"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.get("key")).isEqualTo("approval");
              assertThat(c.get("keptValue")).isEqualTo("approved by ana");
              assertThat(c.get("rejectedValue")).isEqualTo("rejected");
            });

    web.post()
        .uri("/api/v1/agencies/{id}/groups", id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(group("followUp", List.of("publish"), sleep("echo", "{{context.post.message}}")))
        .exchange()
        .expectStatus()
        .isAccepted();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> groupStatus(get(id), "followUp").equals("COMPLETED"));
    assertThat(get(id).get("status")).isEqualTo("RUNNING");

    web.post().uri("/api/v1/agencies/{id}/close", id).exchange().expectStatus().isAccepted();
    await().atMost(Duration.ofSeconds(60)).until(() -> get(id).get("status").equals("COMPLETED"));
    Map<String, Object> done = get(id);
    assertThat((List<Object>) done.get("conflicts")).hasSize(1);
    Map<String, Object> followUp =
        (Map<String, Object>) ((Map<String, Object>) done.get("results")).get("followUp");
    assertThat(((Map<String, Object>) ((Map<String, Object>) followUp.get("outputs")).get("echo")))
        .containsEntry("message", "approved by ana");
    web.post()
        .uri("/api/v1/agencies/{id}/context", id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("late", 1))
        .exchange()
        .expectStatus()
        .isEqualTo(409);
  }

  @Test
  void cancel_cancelsEveryGroupAndItsTasks_leavingNothingRunning() {
    String id = "ag-cancel-" + UUID.randomUUID().toString().substring(0, 8);
    submit(
        Map.of(
            "id",
            id,
            "groups",
            List.of(
                group(
                    "slow",
                    List.of(),
                    Map.of("name", "nap", "type", "sleep", "params", Map.of("duration", "5m"))),
                group("after", List.of("slow"), sleep("t", "never")))));
    tasks.awaitStatus(id + ".slow.nap", "RUNNING");

    web.post().uri("/api/v1/agencies/{id}/cancel", id).exchange().expectStatus().isAccepted();

    await().atMost(Duration.ofSeconds(60)).until(() -> get(id).get("status").equals("CANCELLED"));
    assertThat(groupStatus(get(id), "slow")).isEqualTo("CANCELLED");
    assertThat(groupStatus(get(id), "after")).isEqualTo("SKIPPED");
    assertThat(groups.get(id + ".slow").get("status")).isEqualTo("CANCELLED");
    assertThat(tasks.get(id + ".slow.nap").get("status")).isEqualTo("CANCELLED");
    web.post().uri("/api/v1/agencies/{id}/cancel", id).exchange().expectStatus().isEqualTo(409);
  }

  @Test
  void unknownAgency_is404_andInvalidAgency_is422() {
    web.get()
        .uri("/api/v1/agencies/nope-{x}", UUID.randomUUID())
        .exchange()
        .expectStatus()
        .isNotFound();
    web.post()
        .uri("/api/v1/agencies")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "groups",
                List.of(
                    group("a", List.of("b"), sleep("t", "x")),
                    group("b", List.of("a"), sleep("t", "x")))))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].message")
        .isEqualTo("cycle: a -> b -> a");
  }

  // --- helpers ---

  private void submit(Map<String, Object> agency) {
    web.post()
        .uri("/api/v1/agencies")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(agency)
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  private Map<String, Object> get(String id) {
    return web.get()
        .uri("/api/v1/agencies/{id}", id)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  private Map<String, Object> postContext(String id, Map<String, Object> values) {
    return web.post()
        .uri("/api/v1/agencies/{id}/context", id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(values)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  @SuppressWarnings("unchecked")
  private static String groupStatus(Map<String, Object> agency, String name) {
    return ((List<Map<String, Object>>) agency.get("groups"))
        .stream()
            .filter(g -> name.equals(g.get("name")))
            .map(g -> (String) g.get("status"))
            .findFirst()
            .orElseThrow();
  }

  private static int indexOf(
      List<ServerSentEvent<Map<String, Object>>> stream, String event, String group) {
    for (int i = 0; i < stream.size(); i++) {
      if (event.equals(stream.get(i).event()) && group.equals(stream.get(i).data().get("group"))) {
        return i;
      }
    }
    throw new AssertionError("no " + event + " event of group " + group + " in " + stream);
  }

  private static Map<String, Object> group(
      String name, List<String> dependsOn, Map<String, Object> task) {
    return Map.of("name", name, "dependsOn", dependsOn, "tasks", List.of(task));
  }

  private static Map<String, Object> sleep(String name, String message) {
    return Map.of(
        "name", name, "type", "sleep", "params", Map.of("duration", "200ms", "message", message));
  }
}

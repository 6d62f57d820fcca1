package io.taskforge.app.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.EventsApi;
import io.taskforge.app.support.GroupApi;
import io.taskforge.app.support.TaskApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Event streams end to end: a client that disconnects mid-stream and resumes with Last-Event-ID
 * gets every event once, for a task and for a group.
 */
@EndToEndTest
class EventStreamIT {
  @Autowired WebTestClient web;
  EventsApi events;
  TaskApi tasks;
  GroupApi groups;

  @BeforeEach
  void setUp() {
    events = new EventsApi(web);
    tasks = new TaskApi(web);
    groups = new GroupApi(web);
  }

  @Test
  void taskStream_resumedWithLastEventId_missesNothingAndRepeatsNothing() {
    // Long enough for a heartbeat with new progress to get through the SDK's throttling.
    String id = tasks.submit(Map.of("type", "sleep", "params", Map.of("duration", "5s")));
    String path = "/api/v1/tasks/" + id + "/events";

    List<ServerSentEvent<Map<String, Object>>> first = events.read(path, null, 3);
    assertThat(first).hasSize(3);
    List<ServerSentEvent<Map<String, Object>>> rest = events.readToEnd(path, first.getLast().id());

    List<ServerSentEvent<Map<String, Object>>> seen = new ArrayList<>(first);
    seen.addAll(rest);
    assertStrictlyIncreasingIds(seen);
    assertThat(EventsApi.names(seen)).last().isEqualTo("end");
    assertThat(seen.getLast().data()).containsEntry("status", "COMPLETED");
    assertThat(EventsApi.names(seen)).contains("status", "task", "output");
    // Everything history holds, the resumed client saw exactly once: compare with a full replay.
    List<ServerSentEvent<Map<String, Object>>> replay = events.readToEnd(path, null);
    assertThat(historyIds(seen)).isEqualTo(historyIds(replay));
    assertThat(EventsApi.names(replay)).doesNotContain("progress"); // progress is live only
    assertThat(replay)
        .filteredOn(e -> "status".equals(e.event()))
        .extracting(e -> e.data().get("status"))
        .containsSubsequence("PENDING", "SCHEDULED", "RUNNING", "COMPLETED");
  }

  @Test
  void runningTask_streamsProgressFromItsHeartbeats_withIdsAfterTheLastHistoryEvent() {
    String id = tasks.submit(Map.of("type", "sleep", "params", Map.of("duration", "4s")));

    List<ServerSentEvent<Map<String, Object>>> stream =
        events.readToEnd("/api/v1/tasks/" + id + "/events", null);

    assertStrictlyIncreasingIds(stream);
    assertThat(stream)
        .filteredOn(e -> "progress".equals(e.event()))
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.id()).matches("\\d+\\.p\\d+");
              assertThat(e.data()).containsKeys("percent", "message", "attempt");
            });
  }

  @Test
  void groupStream_resumedTwice_missesNothingAndRepeatsNothing() {
    String id =
        groups.submit(
            Map.of(
                "tasks",
                List.of(
                    sleep("a", List.of()), sleep("b", List.of("a")), sleep("c", List.of("b")))));
    String path = "/api/v1/task-groups/" + id + "/events";

    List<ServerSentEvent<Map<String, Object>>> seen = new ArrayList<>(events.read(path, null, 2));
    seen.addAll(events.read(path, seen.getLast().id(), 3));
    seen.addAll(events.readToEnd(path, seen.getLast().id()));

    assertStrictlyIncreasingIds(seen);
    assertThat(seen.getLast().event()).isEqualTo("end");
    List<ServerSentEvent<Map<String, Object>>> replay = events.readToEnd(path, null);
    assertThat(EventsApi.ids(seen)).isEqualTo(EventsApi.ids(replay));
    assertThat(seen)
        .filteredOn(e -> "output".equals(e.event()) && e.data().containsKey("task"))
        .extracting(e -> e.data().get("task"))
        .containsExactly("a", "b", "c");
  }

  @Test
  void endedStream_resumedFromItsEnd_endsAtOnce_andBadIdsAreRefused() {
    String id = tasks.submit(Map.of("type", "sleep", "params", Map.of("duration", "10ms")));
    tasks.awaitStatus(id, "COMPLETED");
    String path = "/api/v1/tasks/" + id + "/events";
    List<ServerSentEvent<Map<String, Object>>> all = events.readToEnd(path, null);

    assertThat(events.readToEnd(path, all.getLast().id())).isEmpty();
    web.get().uri(path).header("Last-Event-ID", "soon").exchange().expectStatus().isEqualTo(422);
    web.get().uri("/api/v1/tasks/no-such-task/events").exchange().expectStatus().isNotFound();
    web.get().uri("/api/v1/agencies/" + id + "/events").exchange().expectStatus().isNotFound();
  }

  private static List<String> historyIds(List<ServerSentEvent<Map<String, Object>>> events) {
    return events.stream().map(ServerSentEvent::id).filter(i -> !i.contains(".p")).toList();
  }

  private static void assertStrictlyIncreasingIds(
      List<ServerSentEvent<Map<String, Object>>> events) {
    for (int i = 1; i < events.size(); i++) {
      EventId before = EventId.parse(events.get(i - 1).id()).orElseThrow();
      EventId after = EventId.parse(events.get(i).id()).orElseThrow();
      assertThat(after).as("event %d after %s", i, before).isGreaterThan(before);
    }
  }

  private static Map<String, Object> sleep(String name, List<String> dependsOn) {
    return Map.of(
        "name",
        name,
        "type",
        "sleep",
        "dependsOn",
        dependsOn,
        "params",
        Map.of("duration", "300ms"));
  }
}

package io.taskforge.app.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.TaskApi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Priority on a backed-up queue: a worker with one activity slot on a queue of its own takes a
 * CRITICAL task before LOW tasks that were queued earlier.
 */
@EndToEndTest
@TestPropertySource(
    properties = {
      "taskforge.worker.task-queue=priority-it",
      "taskforge.worker.tuner=fixed",
      "taskforge.worker.max-concurrent-activities=1"
    })
class PriorityIT {
  @Autowired WebTestClient web;

  @Test
  void criticalTask_isTakenBeforeEarlierLowTasks() {
    TaskApi api = new TaskApi(web);
    String blocker = api.submit(TaskApi.sleep("4s"));
    api.awaitStatus(blocker, "RUNNING");

    List<String> low = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id =
          api.submit(
              Map.of("type", "sleep", "priority", "LOW", "params", Map.of("duration", "200ms")));
      api.awaitStatus(id, "SCHEDULED");
      low.add(id);
    }
    String critical =
        api.submit(
            Map.of("type", "sleep", "priority", "CRITICAL", "params", Map.of("duration", "200ms")));
    api.awaitStatus(critical, "SCHEDULED");
    assertThat(api.get(blocker).get("status"))
        .as("the queue must still be backed up")
        .isEqualTo("RUNNING");

    Instant criticalStart = startedAt(api.awaitStatus(critical, "COMPLETED"));
    for (String id : low) {
      assertThat(startedAt(api.awaitStatus(id, "COMPLETED"))).isAfter(criticalStart);
    }
  }

  @SuppressWarnings("unchecked")
  private static Instant startedAt(Map<String, Object> task) {
    return Instant.parse((String) ((Map<String, Object>) task.get("times")).get("startedAt"));
  }
}

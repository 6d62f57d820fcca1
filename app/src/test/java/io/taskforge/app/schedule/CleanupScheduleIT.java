package io.taskforge.app.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.ScheduleApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The default clean-up schedule: there after start, and never overwritten. */
@EndToEndTest
@SuppressWarnings("unchecked")
class CleanupScheduleIT {
  @Autowired WebTestClient web;
  @Autowired CleanupSchedule cleanup;

  @Test
  void existsAfterStart_keepsEditsAcrossRestarts_andComesBackWhenDeleted() {
    ScheduleApi schedules = new ScheduleApi(web);
    await().atMost(Duration.ofSeconds(30)).until(cleanup::isDone);

    Map<String, Object> schedule = schedules.get("taskforge-cleanup");
    assertThat((Map<String, Object>) schedule.get("action"))
        .containsEntry("kind", "task")
        .containsEntry("type", "system_maintenance")
        .containsEntry("priority", "LOW");
    assertThat((Map<String, Object>) schedule.get("spec"))
        .containsEntry("cron", List.of("0 3 * * *"));
    assertThat((String) schedule.get("description")).contains("7d");

    // An operator's edit survives the next start.
    schedules.patch("taskforge-cleanup", Map.of("spec", Map.of("cron", "0 4 * * *")));
    restart();
    assertThat((Map<String, Object>) schedules.get("taskforge-cleanup").get("spec"))
        .containsEntry("cron", List.of("0 4 * * *"));

    // Deleted, the next start creates it again as configured.
    schedules.delete("taskforge-cleanup");
    schedules.raw("taskforge-cleanup").expectStatus().isNotFound();
    restart();
    assertThat((Map<String, Object>) schedules.get("taskforge-cleanup").get("spec"))
        .containsEntry("cron", List.of("0 3 * * *"));
  }

  private void restart() {
    cleanup.stop();
    cleanup.start();
    await().atMost(Duration.ofSeconds(30)).until(cleanup::isDone);
  }
}

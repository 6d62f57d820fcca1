package io.taskforge.app.schedule;

import static org.awaitility.Awaitility.await;

import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.ScheduleApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code taskforge.schedules.cleanup.enabled=false}: no clean-up schedule, and none left over. */
@EndToEndTest
@TestPropertySource(properties = "taskforge.schedules.cleanup.enabled=false")
class CleanupScheduleDisabledIT {
  @Autowired WebTestClient web;
  @Autowired CleanupSchedule cleanup;
  @Autowired ScheduleService service;
  @Autowired ScheduleRequestMapper mapper;
  @Autowired ScheduleSettings settings;

  @Test
  void disabled_leavesNoCleanupSchedule_evenOneAnEarlierStartCreated() {
    ScheduleApi schedules = new ScheduleApi(web);
    await().atMost(Duration.ofSeconds(30)).until(cleanup::isDone);
    schedules.raw("taskforge-cleanup").expectStatus().isNotFound();

    // As an earlier start with the default settings would have left it:
    service.create("default", mapper.map(CleanupSchedule.request(settings.cleanup()), "default"));
    schedules.get("taskforge-cleanup");

    cleanup.stop();
    cleanup.start();
    await().atMost(Duration.ofSeconds(30)).until(cleanup::isDone);
    schedules.raw("taskforge-cleanup").expectStatus().isNotFound();
  }
}

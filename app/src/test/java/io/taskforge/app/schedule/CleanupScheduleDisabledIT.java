package io.taskforge.app.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.security.Tenancy;
import io.taskforge.app.support.EndToEndTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.ErrorResponseException;

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
    await().atMost(Duration.ofSeconds(30)).until(cleanup::isDone);
    assertThat(exists()).isFalse();

    // As an earlier start with the default settings would have left it:
    service.create(
        Tenancy.INTERNAL_TENANT,
        mapper.map(CleanupSchedule.request(settings.cleanup()), Tenancy.INTERNAL_TENANT));
    assertThat(exists()).isTrue();

    cleanup.stop();
    cleanup.start();
    await().atMost(Duration.ofSeconds(30)).until(cleanup::isDone);
    assertThat(exists()).isFalse();
  }

  private boolean exists() {
    try {
      service.get(Tenancy.INTERNAL_TENANT, settings.cleanup().id());
      return true;
    } catch (ErrorResponseException e) {
      assertThat(e.getStatusCode().value()).isEqualTo(404);
      return false;
    }
  }
}

package io.taskforge.app.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.security.Tenancy;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.ScheduleApi;
import io.taskforge.workflows.task.TaskResult;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The built-in clean-up schedule: there after start, in Taskforge's own id space (out of every
 * tenant's reach), never overwritten, and its runs clean up every tenant's old tasks.
 */
@EndToEndTest
class CleanupScheduleIT {
  @Autowired WebTestClient web;
  @Autowired CleanupSchedule cleanup;
  @Autowired ScheduleService service;
  @Autowired ScheduleRequestMapper mapper;
  @Autowired TemporalApiClient temporal;
  @Autowired WorkflowClient workflowClient;

  @Test
  void existsAfterStart_inTheInternalSpace_keepsEditsAcrossRestarts_andComesBackWhenDeleted() {
    await().atMost(Duration.ofSeconds(30)).until(cleanup::isDone);

    ScheduleView schedule = service.get(Tenancy.INTERNAL_TENANT, "cleanup");
    assertThat(schedule.action().kind()).isEqualTo("task");
    assertThat(schedule.action().type()).isEqualTo("system_maintenance");
    assertThat(schedule.action().priority()).isEqualTo("LOW");
    assertThat(schedule.spec().cron()).containsExactly("0 3 * * *");
    assertThat(schedule.description()).contains("7d");
    // Temporal (Web UI, CLI) shows it, and the runs it starts, under _taskforge/.
    var described = temporal.schedules().getHandle("_taskforge/cleanup").describe();
    assertThat(
            ((ScheduleActionStartWorkflow) described.getSchedule().getAction())
                .getOptions()
                .getWorkflowId())
        .isEqualTo("_taskforge/cleanup");
    // No tenant reaches it through the API, not even the default (operators') one.
    ScheduleApi schedules = new ScheduleApi(web);
    schedules.raw("cleanup").expectStatus().isNotFound();
    assertThat(schedules.list("pageSize=1000"))
        .extracting(s -> s.get("id"))
        .doesNotContain("cleanup");

    // An operator's edit survives the next start.
    service.update(
        Tenancy.INTERNAL_TENANT,
        "cleanup",
        mapper.map(
            "cleanup",
            new UpdateScheduleRequest(
                null,
                new CreateScheduleRequest.Spec(List.of("0 4 * * *"), null, null, null, null, null),
                null),
            Tenancy.INTERNAL_TENANT));
    restart();
    assertThat(service.get(Tenancy.INTERNAL_TENANT, "cleanup").spec().cron())
        .containsExactly("0 4 * * *");

    // Deleted, the next start creates it again as configured.
    service.delete(Tenancy.INTERNAL_TENANT, "cleanup");
    restart();
    assertThat(service.get(Tenancy.INTERNAL_TENANT, "cleanup").spec().cron())
        .containsExactly("0 3 * * *");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRunOfTheSchedule_coversEveryTenant() throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(cleanup::isDone);

    long before = service.get(Tenancy.INTERNAL_TENANT, "cleanup").info().actionCount();
    service.trigger(
        Tenancy.INTERNAL_TENANT,
        "cleanup",
        ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);
    ScheduleView.RunView run =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> service.get(Tenancy.INTERNAL_TENANT, "cleanup"),
                s -> s.info().actionCount() > before && !s.recentActions().isEmpty())
            .recentActions()
            .getLast();

    TaskResult result =
        workflowClient
            .newUntypedWorkflowStub("_taskforge/" + run.workflowId())
            .getResult(60, TimeUnit.SECONDS, TaskResult.class);
    Map<String, Object> output = result.output().data();
    assertThat(output).containsEntry("tenant", "*");
    assertThat((String) output.get("query")).doesNotContain("Tenant");
  }

  private void restart() {
    cleanup.stop();
    cleanup.start();
    await().atMost(Duration.ofSeconds(30)).until(cleanup::isDone);
  }
}

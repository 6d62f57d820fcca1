package io.taskforge.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.webhook.TaskEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TenantIdsTest {
  @Test
  void defaultTenantsIds_areTheirOwnWorkflowIds_otherTenantsCarryTheirPrefix() {
    assertThat(TenantIds.workflowId("default", "report-q3")).isEqualTo("report-q3");
    assertThat(TenantIds.workflowId("acme", "report-q3")).isEqualTo("acme/report-q3");
    assertThat(TenantIds.workflowId(TenantIds.INTERNAL_TENANT, "cleanup"))
        .isEqualTo("_taskforge/cleanup");
  }

  @Test
  void workflowIds_giveBackTheirTenantAndApiId() {
    assertThat(TenantIds.tenantOf("report-q3")).isEqualTo("default");
    assertThat(TenantIds.apiId("report-q3")).isEqualTo("report-q3");
    assertThat(TenantIds.tenantOf("acme/report-q3")).isEqualTo("acme");
    assertThat(TenantIds.apiId("acme/report-q3")).isEqualTo("report-q3");
    // A child takes its parent's workflow id as prefix, and so stays in the parent's space.
    assertThat(TenantIds.tenantOf("acme/g1.extract")).isEqualTo("acme");
    assertThat(TenantIds.apiId("acme/g1.extract")).isEqualTo("g1.extract");
    assertThat(TenantIds.isInternal("_taskforge/api-keys")).isTrue();
    assertThat(TenantIds.isInternal("taskforge-api-keys")).isFalse();
    assertThat(TenantIds.tenantOf("_taskforge/cleanup-2026")).isEqualTo(TenantIds.INTERNAL_TENANT);
  }

  @Test
  void expansionPartsOfTheDefaultTenant_stayTheDefaultTenants() {
    // Parts are "<expansion id>/<from>-<to>"; every expansion id has a dot, no tenant name does.
    assertThat(TenantIds.tenantOf("g.t/0-99")).isEqualTo("default");
    assertThat(TenantIds.apiId("g.t/0-99")).isEqualTo("g.t/0-99");
    assertThat(TenantIds.tenantOf("acme/g.t/0-99")).isEqualTo("acme");
    assertThat(TenantIds.apiId("acme/g.t/0-99")).isEqualTo("g.t/0-99");
  }

  @Test
  void apiIds_neverHoldTheSeparator_soNoIdReachesAnotherSpace() {
    assertThat(TenantIds.isApiId("report-q3")).isTrue();
    assertThat(TenantIds.isApiId("acme/report-q3")).isFalse();
    assertThat(TenantIds.isApiId("_taskforge/api-keys")).isFalse();
    assertThat(TenantIds.isApiId("")).isFalse();
    assertThat(TenantIds.isApiId(null)).isFalse();
  }

  @Test
  void registries_liveInTheInternalSpace() {
    assertThat(io.taskforge.workflows.apikey.ApiKeyRegistryWorkflow.ID)
        .isEqualTo("_taskforge/api-keys");
    assertThat(io.taskforge.workflows.worker.WorkerRegistryWorkflow.ID)
        .isEqualTo("_taskforge/worker-registry");
  }

  @Test
  void tenantClause_ofTheDefaultTenant_alsoTakesWorkflowsWithoutOne_andQuotesTheName() {
    assertThat(TaskSearchAttributes.tenantClause("acme")).isEqualTo("Tenant = 'acme'");
    assertThat(TaskSearchAttributes.tenantClause("default"))
        .isEqualTo("(Tenant = 'default' OR Tenant IS NULL)");
    assertThat(TaskSearchAttributes.tenantClause("a'b")).isEqualTo("Tenant = 'a\\'b'");
  }

  @Test
  void webhookBody_namesTheTaskByItsApiId() {
    Instant at = Instant.parse("2026-03-01T12:00:00Z");
    TaskEvent recorded =
        new TaskEvent(
            "task.completed",
            "acme/report-q3",
            "sleep",
            "COMPLETED",
            null,
            null,
            null,
            1,
            at,
            at,
            at);

    assertThat(recorded.forReceiver().taskId()).isEqualTo("report-q3");
    assertThat(recorded.forReceiver())
        .usingRecursiveComparison()
        .ignoringFields("taskId")
        .isEqualTo(recorded);
    assertThat(
            new TaskEvent("task.failed", "t-1", "sleep", "FAILED", null, null, null, 1, at, at, at)
                .forReceiver()
                .taskId())
        .isEqualTo("t-1");
  }
}

package io.taskforge.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.TenantIds;
import io.temporal.common.SearchAttributes;
import org.junit.jupiter.api.Test;

class TenancyTest {
  @Test
  void visibilityClause_ofTheDefaultTenant_alsoTakesWorkflowsWithoutOne() {
    assertThat(Tenancy.visibilityClause("acme")).isEqualTo("Tenant = 'acme'");
    assertThat(Tenancy.visibilityClause("default"))
        .isEqualTo("(Tenant = 'default' OR Tenant IS NULL)");
  }

  @Test
  void restrict_bracketsTheQuery_soItsOrCannotEscapeTheTenant() {
    assertThat(Tenancy.restrict("TaskType = 'a' OR TaskType = 'b'", "acme"))
        .isEqualTo("(TaskType = 'a' OR TaskType = 'b') AND Tenant = 'acme'");
    assertThat(Tenancy.restrict("", "acme")).isEqualTo("Tenant = 'acme'");
  }

  @Test
  void tenantOf_aWorkflowWithoutTheAttribute_isTheDefault() {
    assertThat(Tenancy.of(SearchAttributes.EMPTY)).isEqualTo("default");
    assertThat(
            Tenancy.of(
                SearchAttributes.newBuilder().set(TaskSearchAttributes.TENANT, "acme").build()))
        .isEqualTo("acme");
  }

  @Test
  void tenantNames_areLowerCaseWordsSafeInQueries() {
    assertThat(Tenancy.isValid("acme")).isTrue();
    assertThat(Tenancy.isValid("team-7_eu-west")).isTrue();
    assertThat(Tenancy.isValid("Acme")).isFalse();
    assertThat(Tenancy.isValid("a'b")).isFalse();
    assertThat(Tenancy.isValid("")).isFalse();
    assertThat(Tenancy.isValid("x".repeat(64))).isFalse();
  }

  @Test
  void tenantNames_haveNoDot_soNoneOwnsTheDefaultTenantsExpansionParts() {
    assertThat(Tenancy.isValid("g.t")).isFalse();
    assertThat(Tenancy.isValid("team-7.eu_west")).isFalse();
    assertThat(TenantIds.tenantOf("g.t/0-99")).isEqualTo(Tenancy.DEFAULT_TENANT);
  }

  @Test
  void workflowId_andApiId_mapEachTenantsIdsIntoItsOwnSpaceAndBack() {
    assertThat(Tenancy.workflowId("default", "report-q3")).isEqualTo("report-q3");
    assertThat(Tenancy.workflowId("acme", "report-q3")).isEqualTo("acme/report-q3");
    assertThat(Tenancy.apiId("acme", "acme/report-q3")).isEqualTo("report-q3");
    assertThat(Tenancy.apiId("acme", "acme/g1.extract")).isEqualTo("g1.extract");
    assertThat(Tenancy.apiId("default", "report-q3")).isEqualTo("report-q3");
    assertThat(Tenancy.apiId(Tenancy.INTERNAL_TENANT, "_taskforge/cleanup")).isEqualTo("cleanup");
    assertThat(Tenancy.apiId("acme", null)).isNull();
  }

  @Test
  void apiId_onlyStripsTheTenantsOwnPrefix() {
    // Work of acme from before ids were tenant-scoped is shown as it is.
    assertThat(Tenancy.apiId("acme", "report-q3")).isEqualTo("report-q3");
    assertThat(Tenancy.apiId("acme", "acmecorp/report-q3")).isEqualTo("acmecorp/report-q3");
  }

  @Test
  void theInternalOwner_isNoTenantAnyCallerCanBe() {
    assertThat(Tenancy.isValid(Tenancy.INTERNAL_TENANT)).isFalse();
    assertThat(Tenancy.workflowId(Tenancy.INTERNAL_TENANT, "x")).startsWith("_taskforge/");
  }
}

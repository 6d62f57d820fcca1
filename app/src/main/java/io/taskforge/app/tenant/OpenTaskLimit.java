package io.taskforge.app.tenant;

import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.security.Tenancy;
import io.taskforge.app.web.Problems;
import io.temporal.client.WorkflowClient;
import org.springframework.stereotype.Component;

/**
 * The cap on a tenant's open work, checked before each submission. Open work is every running task,
 * group and agency of the tenant, the tasks inside groups and agencies included, counted by
 * visibility. Visibility trails a start by a moment, so a burst of submissions can overshoot the
 * cap by a few; it is a guard against runaway clients, not an exact quota. Blocking.
 */
@Component
public class OpenTaskLimit {
  static final String OPEN_WORK =
      "ExecutionStatus = 'Running'"
          + " AND WorkflowType IN ('TaskWorkflow', 'TaskGroupWorkflow', 'AgencyWorkflow')";

  private final WorkflowClient client;
  private final TenantSettings settings;
  private final ApiSettings apiSettings;

  public OpenTaskLimit(
      TemporalApiClient temporal, TenantSettings settings, ApiSettings apiSettings) {
    this.client = temporal.workflows();
    this.settings = settings;
    this.apiSettings = apiSettings;
  }

  /** 429 when the tenant already has as much open work as it may. */
  public void check(String tenant) {
    long limit = settings.limitsFor(tenant).maxOpenTasks();
    if (limit <= 0) {
      return;
    }
    long open = client.countWorkflows(Tenancy.restrict(OPEN_WORK, tenant)).getCount();
    if (open >= limit) {
      throw Problems.openTaskLimit(tenant, open, limit, apiSettings.retryAfter());
    }
  }
}

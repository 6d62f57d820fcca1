package io.taskforge.workflows;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * The custom search attributes the workflows keep current. They are what makes lists, filters and
 * counts work in our API, the Temporal Web UI and {@code temporal workflow list --query} alike.
 */
public final class TaskSearchAttributes {
  public static final SearchAttributeKey<String> TASK_TYPE =
      SearchAttributeKey.forKeyword("TaskType");
  public static final SearchAttributeKey<String> TASK_STATUS =
      SearchAttributeKey.forKeyword("TaskStatus");
  public static final SearchAttributeKey<String> TASK_PRIORITY =
      SearchAttributeKey.forKeyword("TaskPriority");
  public static final SearchAttributeKey<String> TASK_GROUP_ID =
      SearchAttributeKey.forKeyword("TaskGroupId");
  public static final SearchAttributeKey<String> AGENCY_ID =
      SearchAttributeKey.forKeyword("AgencyId");

  /**
   * The tenant that owns the workflow. The API sets it on what it starts; children inherit it from
   * their parent (see {@link #withParentTenant}). A workflow without one belongs to the tenant
   * {@code default} (it was started before tenants existed).
   */
  public static final SearchAttributeKey<String> TENANT = SearchAttributeKey.forKeyword("Tenant");

  /** Every key, for registering them with the server at start-up. */
  public static final List<SearchAttributeKey<String>> ALL =
      List.of(TASK_TYPE, TASK_STATUS, TASK_PRIORITY, TASK_GROUP_ID, AGENCY_ID, TENANT);

  private TaskSearchAttributes() {}

  /**
   * The visibility clause that selects the tenant's workflows by {@link #TENANT}. The default
   * tenant also owns those without the attribute. The API's lists and the clean-up of old tasks
   * both use it.
   */
  public static String tenantClause(String tenant) {
    String quoted = "'" + tenant.replace("\\", "\\\\").replace("'", "\\'") + "'";
    return TenantIds.DEFAULT_TENANT.equals(tenant)
        ? "(Tenant = " + quoted + " OR Tenant IS NULL)"
        : "Tenant = " + quoted;
  }

  /**
   * Adds the running workflow's tenant to a child's attributes, so a child always belongs to its
   * parent's tenant. A parent started before tenants existed has none and passes none on, which
   * keeps its replay unchanged. Workflow code only.
   */
  public static SearchAttributes.Builder withParentTenant(SearchAttributes.Builder attributes) {
    String tenant = Workflow.getTypedSearchAttributes().get(TENANT);
    if (tenant != null) {
      attributes.set(TENANT, tenant);
    }
    return attributes;
  }
}

package io.taskforge.workflows;

import java.util.Objects;

/**
 * Each tenant's ids live in an id space of their own. The id a tenant chooses (or is given) for a
 * task, group, agency or schedule is its <em>API id</em>; the Temporal workflow (or schedule) id is
 * that id behind the tenant's prefix: {@code acme/report-q3}. The default tenant's ids carry no
 * prefix, so that work started before tenants existed keeps its ids.
 *
 * <p>API ids never contain {@link #SEPARATOR} (the API refuses it), so two tenants may use the same
 * id, and no tenant can choose an id that lands in another tenant's space or on an internal
 * workflow (whose ids start with {@link #INTERNAL_PREFIX}, which no tenant name can). Children take
 * their parent's workflow id as their prefix ({@code acme/g1.extract}), so they stay in the space.
 * An expanded task's parts are its id, a slash and their range ({@code g1.extract/0-99}): as tenant
 * names never contain a dot and every expanded task's id does ({@code <group>.<task>}), such a part
 * can neither be read as another tenant's id nor be squatted by one. The Web UI and the CLI show
 * the workflow ids as they are, readable.
 */
public final class TenantIds {
  /** The tenant of a workflow whose id carries no tenant prefix. */
  public static final String DEFAULT_TENANT = "default";

  /** Between a tenant and its API id; API ids never contain it. */
  public static final char SEPARATOR = '/';

  /**
   * Where Taskforge's own workflows live ({@code _taskforge/api-keys}): no tenant name starts with
   * an underscore, and no API id contains the separator.
   */
  public static final String INTERNAL_PREFIX = "_taskforge" + SEPARATOR;

  /** The owner of the internal id space: {@link #INTERNAL_PREFIX} without the separator. */
  public static final String INTERNAL_TENANT = "_taskforge";

  private TenantIds() {}

  /** The workflow id of the tenant's API id. */
  public static String workflowId(String tenant, String apiId) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(apiId, "apiId");
    return DEFAULT_TENANT.equals(tenant) ? apiId : tenant + SEPARATOR + apiId;
  }

  /**
   * The tenant whose id space {@code workflowId} is in. A prefix that contains a dot is no tenant
   * (tenant names never do): it is a default-tenant expansion's part ({@code g.t/0-99}, the part of
   * {@code g.t}), which stays the default tenant's.
   */
  public static String tenantOf(String workflowId) {
    int separator = workflowId.indexOf(SEPARATOR);
    if (separator <= 0) {
      return DEFAULT_TENANT;
    }
    String prefix = workflowId.substring(0, separator);
    return isTenantPrefix(prefix) ? prefix : DEFAULT_TENANT;
  }

  /** The API id behind {@code workflowId}: the id its tenant knows it by. */
  public static String apiId(String workflowId) {
    int separator = workflowId.indexOf(SEPARATOR);
    return separator > 0 && isTenantPrefix(workflowId.substring(0, separator))
        ? workflowId.substring(separator + 1)
        : workflowId;
  }

  /** Whether what comes before the first separator names a tenant (no tenant name has a dot). */
  private static boolean isTenantPrefix(String prefix) {
    return prefix.indexOf('.') < 0;
  }

  /** Whether an id may be chosen by a tenant: it must not reach into another id space. */
  public static boolean isApiId(String id) {
    return id != null && !id.isEmpty() && id.indexOf(SEPARATOR) < 0;
  }

  /** Whether the workflow is one of Taskforge's own (the key and worker registries). */
  public static boolean isInternal(String workflowId) {
    return workflowId.startsWith(INTERNAL_PREFIX);
  }
}

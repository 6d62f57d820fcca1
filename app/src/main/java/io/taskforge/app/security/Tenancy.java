package io.taskforge.app.security;

import io.taskforge.app.web.Problems;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.TenantIds;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.SearchAttributes;
import java.util.regex.Pattern;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import reactor.core.publisher.Mono;

/**
 * Whose work is whose. Every task, group, agency (and schedule) carries its tenant in the {@code
 * Tenant} search attribute, set when the API starts it and inherited by its children; a workflow
 * without one (started before tenants existed) belongs to {@link #DEFAULT_TENANT}.
 *
 * <p>How the API uses it: a controller gets the caller's tenant with {@link #current()} (on the
 * request's reactive chain, before handing work to a blocking thread, which has no security
 * context); lists and counts add {@link #restrict} to their visibility query; every lookup by id
 * goes through {@link io.taskforge.app.web.WorkflowLookup}, which calls {@link #requireOwned}, so
 * another tenant's id answers 404 exactly like an id that does not exist.
 */
public final class Tenancy {
  public static final String DEFAULT_TENANT = TenantIds.DEFAULT_TENANT;

  /**
   * The owner of Taskforge's own workflows ({@link TenantIds#INTERNAL_PREFIX}), such as the runs of
   * the built-in clean-up schedule. No caller can be it: it does not match {@link #TENANT_PATTERN}.
   */
  public static final String INTERNAL_TENANT = TenantIds.INTERNAL_TENANT;

  /**
   * What a tenant name may be: it goes into search attributes and visibility queries. No dot: every
   * expanded task's id has one ({@code <group>.<task>}), and its parts' ids are that id, a slash
   * and a range ({@code g.t/0-99}), so a tenant named {@code g.t} would own the default tenant's
   * parts (see {@link TenantIds#tenantOf}).
   */
  public static final Pattern TENANT_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  /** {@link #TENANT_PATTERN} in words, for the errors that refuse a name. */
  public static final String TENANT_RULE =
      "must be 1 to 63 of a-z, 0-9, _ and - (no dot), starting with a letter or digit";

  private Tenancy() {}

  public static boolean isValid(String tenant) {
    return tenant != null && TENANT_PATTERN.matcher(tenant).matches();
  }

  /**
   * The Temporal workflow (or schedule) id of the tenant's API id: {@code acme/report-q3}, or the
   * id itself for the default tenant (see {@link TenantIds}). Every call to Temporal by id uses it.
   */
  public static String workflowId(String tenant, String apiId) {
    return TenantIds.workflowId(tenant, apiId);
  }

  /**
   * The id by which the tenant knows one of its workflows: the workflow id without the tenant's
   * prefix. Every id the API shows goes through here. A workflow id not in the tenant's space (work
   * of a non-default tenant started before ids were tenant-scoped) is shown as it is.
   */
  public static String apiId(String tenant, String workflowId) {
    if (workflowId == null || DEFAULT_TENANT.equals(tenant)) {
      return workflowId;
    }
    String prefix = tenant + TenantIds.SEPARATOR;
    return workflowId.startsWith(prefix) ? workflowId.substring(prefix.length()) : workflowId;
  }

  /**
   * The authenticated caller's tenant. Errors with 401 when the request has no authenticated caller
   * (the security filter chain lets none through to the API, so that is a wiring mistake).
   */
  public static Mono<String> current() {
    return caller().map(Caller::tenant);
  }

  /** The authenticated caller. */
  public static Mono<Caller> caller() {
    return ReactiveSecurityContextHolder.getContext()
        .map(SecurityContext::getAuthentication)
        .filter(Authentication::isAuthenticated)
        .map(Authentication::getPrincipal)
        .ofType(Caller.class)
        .switchIfEmpty(
            Mono.error(
                () -> Problems.unauthenticated("this request carries no credentials", false)));
  }

  /**
   * The visibility clause that selects the tenant's workflows. The default tenant also owns those
   * without the attribute.
   */
  public static String visibilityClause(String tenant) {
    return TaskSearchAttributes.tenantClause(tenant);
  }

  /** {@code query} narrowed to the tenant's workflows. */
  public static String restrict(String query, String tenant) {
    if (query == null || query.isBlank()) {
      return visibilityClause(tenant);
    }
    return "(" + query + ") AND " + visibilityClause(tenant);
  }

  /** The tenant a workflow belongs to, from its search attributes. */
  public static String of(SearchAttributes attributes) {
    String tenant = attributes == null ? null : attributes.get(TaskSearchAttributes.TENANT);
    return tenant == null || tenant.isBlank() ? DEFAULT_TENANT : tenant;
  }

  public static boolean owns(String tenant, WorkflowExecutionDescription description) {
    return tenant.equals(of(description.getTypedSearchAttributes()));
  }

  /**
   * 404, worded exactly as for an id that does not exist, unless the described workflow belongs to
   * {@code tenant}.
   *
   * @param what how the 404 names the thing, e.g. "task group"
   */
  public static WorkflowExecutionDescription requireOwned(
      WorkflowExecutionDescription description, String tenant, String what, String id) {
    if (!owns(tenant, description)) {
      throw Problems.notFound(what, id);
    }
    return description;
  }

  /**
   * As {@link #requireOwned(WorkflowExecutionDescription, String, String, String)}, for things
   * described by their search attributes alone (a schedule's description, say).
   */
  public static void requireOwned(
      SearchAttributes attributes, String tenant, String what, String id) {
    if (!tenant.equals(of(attributes))) {
      throw Problems.notFound(what, id);
    }
  }

  /** Adds the tenant to the search attributes of a workflow the API starts. */
  public static SearchAttributes.Builder tag(SearchAttributes.Builder attributes, String tenant) {
    return attributes.set(TaskSearchAttributes.TENANT, tenant);
  }
}

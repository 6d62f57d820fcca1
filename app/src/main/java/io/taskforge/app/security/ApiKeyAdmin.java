package io.taskforge.app.security;

import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import io.taskforge.workflows.apikey.ApiKeyEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Creating, listing and revoking API keys. Admin is an operator role across tenants: an admin may
 * make keys for any tenant. A key's secret is made here, shown once in the answer, and only its
 * hash is kept. Blocking.
 *
 * <p>A key's id (chosen, or {@code key-<uuid>}; {@code config:<name>} for a configured key) is
 * unique within its tenant, like every id a tenant chooses: two tenants may both have a key {@code
 * ci}. The registry holds each key under its id in the tenant's space ({@code acme/ci}, see {@link
 * Tenancy#workflowId}), so it refuses a duplicate within a tenant only; the API shows the id as the
 * tenant chose it, beside the tenant.
 */
@Service
public class ApiKeyAdmin {
  private static final Logger log = LoggerFactory.getLogger(ApiKeyAdmin.class);
  static final int MAX_NAME = 100;
  static final int MAX_ID = 64;

  /** What a chosen key id may be: no separator of id spaces, no {@code config:} prefix. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

  static final String CONFIGURED_PREFIX = "config:";

  private final ApiKeyRegistry registry;
  private final RegisteredApiKeys registered;
  private final ConfiguredApiKeys configured;

  public ApiKeyAdmin(
      ApiKeyRegistry registry, RegisteredApiKeys registered, ConfiguredApiKeys configured) {
    this.registry = registry;
    this.registered = registered;
    this.configured = configured;
  }

  public ApiKeyViews.CreatedKey create(Caller caller, ApiKeyViews.CreateRequest request) {
    if (request == null) {
      throw Problems.invalid("body", "is required");
    }
    List<FieldProblem> errors = new ArrayList<>();
    if (request.id() != null) {
      if (request.id().length() > MAX_ID) {
        errors.add(new FieldProblem("id", "must be at most " + MAX_ID + " characters"));
      } else if (!ID.matcher(request.id()).matches()) {
        errors.add(
            new FieldProblem(
                "id", "may contain only letters, digits and . _ : - and must start with one"));
      } else if (request.id().startsWith(CONFIGURED_PREFIX)) {
        errors.add(new FieldProblem("id", "may not start with config: (configured keys' ids)"));
      }
    }
    if (request.name() == null || request.name().isBlank()) {
      errors.add(new FieldProblem("name", "is required"));
    } else if (request.name().length() > MAX_NAME) {
      errors.add(new FieldProblem("name", "must be at most " + MAX_NAME + " characters"));
    }
    String tenant = request.tenant() == null ? caller.tenant() : request.tenant();
    if (!Tenancy.isValid(tenant)) {
      errors.add(new FieldProblem("tenant", Tenancy.TENANT_RULE));
    }
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    String id = request.id() != null ? request.id() : "key-" + UUID.randomUUID();
    String scoped = Tenancy.workflowId(tenant, id);
    if (registry.read().stream().anyMatch(k -> k.id().equals(scoped))) {
      throw Problems.conflict("tenant " + tenant + " already has a key with id " + id);
    }
    String key = ApiKeys.generate();
    ApiKeyEntry entry =
        new ApiKeyEntry(
            scoped,
            request.name(),
            tenant,
            ApiKeys.sha256Hex(key),
            Boolean.TRUE.equals(request.admin()),
            Instant.now(),
            ApiKeys.shownPrefix(key));
    registry.add(entry);
    registered.refreshNow();
    log.info(
        "API key {} ({}) created for tenant {} by {}{}",
        scoped,
        entry.name(),
        tenant,
        caller.name(),
        entry.admin() ? " with the admin role" : "");
    return new ApiKeyViews.CreatedKey(
        id, entry.name(), tenant, entry.admin(), entry.createdAt(), key);
  }

  /** Every key, configured ones first; only those of {@code tenant} when it is given. */
  public ApiKeyViews.KeyList list(String tenant) {
    List<ApiKeyViews.KeyView> keys = new ArrayList<>();
    for (KnownKey key : configured.all()) {
      keys.add(
          new ApiKeyViews.KeyView(
              Tenancy.apiId(key.tenant(), key.id()),
              key.name(),
              key.tenant(),
              key.admin(),
              null,
              null,
              "config"));
    }
    for (ApiKeyEntry entry : registry.read()) {
      keys.add(
          new ApiKeyViews.KeyView(
              Tenancy.apiId(entry.tenant(), entry.id()),
              entry.name(),
              entry.tenant(),
              entry.admin(),
              entry.createdAt(),
              entry.prefix(),
              "api"));
    }
    return new ApiKeyViews.KeyList(
        tenant == null ? keys : keys.stream().filter(k -> k.tenant().equals(tenant)).toList());
  }

  /**
   * Revokes a key made through the API; configured keys are removed from configuration. With a
   * tenant, the key of that id in that tenant; without, the one key of that id there is (409 when
   * several tenants have one, naming none of them).
   */
  public void revoke(Caller caller, String id, String tenant) {
    List<ApiKeyViews.KeyView> matching =
        list(tenant).apiKeys().stream().filter(k -> k.id().equals(id)).toList();
    if (matching.isEmpty()) {
      throw Problems.notFound("API key", id);
    }
    if (matching.size() > 1) {
      throw Problems.conflict(
          "more than one tenant has a key with id " + id + "; name the tenant with ?tenant=");
    }
    ApiKeyViews.KeyView key = matching.getFirst();
    if (key.source().equals("config")) {
      throw Problems.conflict(
          "key " + id + " is configured (taskforge.security); remove it from configuration");
    }
    ApiKeyEntry revoked = registry.revoke(Tenancy.workflowId(key.tenant(), id));
    registered.refreshNow();
    log.info(
        "API key {} ({}) of tenant {} revoked by {}",
        revoked.id(),
        revoked.name(),
        revoked.tenant(),
        caller.name());
  }
}

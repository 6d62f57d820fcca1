package io.taskforge.app.security;

import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import io.taskforge.workflows.apikey.ApiKeyEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Creating, listing and revoking API keys. Admin is an operator role across tenants: an admin may
 * make keys for any tenant. A key's secret is made here, shown once in the answer, and only its
 * hash is kept. Blocking.
 */
@Service
public class ApiKeyAdmin {
  private static final Logger log = LoggerFactory.getLogger(ApiKeyAdmin.class);
  static final int MAX_NAME = 100;

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
    if (request.name() == null || request.name().isBlank()) {
      errors.add(new FieldProblem("name", "is required"));
    } else if (request.name().length() > MAX_NAME) {
      errors.add(new FieldProblem("name", "must be at most " + MAX_NAME + " characters"));
    }
    String tenant = request.tenant() == null ? caller.tenant() : request.tenant();
    if (!Tenancy.isValid(tenant)) {
      errors.add(new FieldProblem("tenant", "must match " + Tenancy.TENANT_PATTERN.pattern()));
    }
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    String key = ApiKeys.generate();
    ApiKeyEntry entry =
        new ApiKeyEntry(
            "key-" + UUID.randomUUID(),
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
        entry.id(),
        entry.name(),
        tenant,
        caller.name(),
        entry.admin() ? " with the admin role" : "");
    return new ApiKeyViews.CreatedKey(
        entry.id(), entry.name(), tenant, entry.admin(), entry.createdAt(), key);
  }

  /** Every key, configured ones first; only those of {@code tenant} when it is given. */
  public ApiKeyViews.KeyList list(String tenant) {
    List<ApiKeyViews.KeyView> keys = new ArrayList<>();
    for (KnownKey key : configured.all()) {
      keys.add(
          new ApiKeyViews.KeyView(
              key.id(), key.name(), key.tenant(), key.admin(), null, null, "config"));
    }
    for (ApiKeyEntry entry : registry.read()) {
      keys.add(
          new ApiKeyViews.KeyView(
              entry.id(),
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

  /** Revokes a key made through the API; configured keys are removed from configuration. */
  public void revoke(Caller caller, String id) {
    if (configured.all().stream().anyMatch(k -> k.id().equals(id))) {
      throw Problems.conflict(
          "key " + id + " is configured (taskforge.security); remove it from configuration");
    }
    ApiKeyEntry revoked = registry.revoke(id);
    registered.refreshNow();
    log.info(
        "API key {} ({}) of tenant {} revoked by {}",
        revoked.id(),
        revoked.name(),
        revoked.tenant(),
        caller.name());
  }
}

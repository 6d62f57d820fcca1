package io.taskforge.app.tenant;

import io.taskforge.app.security.Tenancy;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits per tenant ({@code taskforge.tenants.*}): {@code defaults} for every tenant, and {@code
 * overrides.<tenant>.*} for the settings one tenant has otherwise. Zero means no limit. The
 * defaults are generous, for local development; set real ones in production.
 */
@ConfigurationProperties("taskforge.tenants")
public record TenantSettings(@DefaultValue Limits defaults, Map<String, LimitOverride> overrides) {
  public TenantSettings {
    overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    defaults.check("taskforge.tenants.defaults");
    overrides.forEach(
        (tenant, override) -> {
          if (!Tenancy.isValid(tenant)) {
            throw new IllegalArgumentException(
                "taskforge.tenants.overrides: '"
                    + tenant
                    + "' is not a tenant name (a tenant name "
                    + Tenancy.TENANT_RULE
                    + ")");
          }
          override.over(defaults).check("taskforge.tenants.overrides." + tenant);
        });
  }

  /** The tenant's limits: its overrides over the defaults. */
  public Limits limitsFor(String tenant) {
    LimitOverride override = overrides.get(tenant);
    return override == null ? defaults : override.over(defaults);
  }

  /**
   * What one tenant may do.
   *
   * @param requestsPerSecond the steady request rate (a token bucket refills at this rate)
   * @param burst how many requests may come at once (the bucket's size)
   * @param maxOpenTasks open tasks, groups and agencies (their children included) at once; a
   *     submission past it is refused with 429
   * @param maxExpansionItems items one expanded task may fan out to
   */
  public record Limits(
      @DefaultValue("200") double requestsPerSecond,
      @DefaultValue("400") int burst,
      @DefaultValue("10000") long maxOpenTasks,
      @DefaultValue("1000000") long maxExpansionItems) {

    void check(String where) {
      if (requestsPerSecond < 0 || burst < 0 || maxOpenTasks < 0 || maxExpansionItems < 0) {
        throw new IllegalArgumentException(where + ": limits must not be negative (0: no limit)");
      }
      if (requestsPerSecond > 0 && burst < 1) {
        throw new IllegalArgumentException(
            where + ".burst must be at least 1 when requests-per-second is set");
      }
    }

    public boolean rateLimited() {
      return requestsPerSecond > 0;
    }
  }

  /** A tenant's own settings; each one left out is the default's. */
  public record LimitOverride(
      Double requestsPerSecond, Integer burst, Long maxOpenTasks, Long maxExpansionItems) {
    Limits over(Limits defaults) {
      return new Limits(
          requestsPerSecond != null ? requestsPerSecond : defaults.requestsPerSecond(),
          burst != null ? burst : defaults.burst(),
          maxOpenTasks != null ? maxOpenTasks : defaults.maxOpenTasks(),
          maxExpansionItems != null ? maxExpansionItems : defaults.maxExpansionItems());
    }
  }
}

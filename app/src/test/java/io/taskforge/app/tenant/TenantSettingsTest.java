package io.taskforge.app.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code taskforge.tenants.*} as Spring Boot binds it. */
class TenantSettingsTest {
  @Test
  void withNothingConfigured_everyTenantGetsTheGenerousDefaults() {
    TenantSettings settings = bind(Map.of());

    assertThat(settings.limitsFor("anyone"))
        .isEqualTo(new TenantSettings.Limits(200, 400, 10_000, 1_000_000));
  }

  @Test
  void anOverride_replacesOnlyTheSettingsItNames() {
    TenantSettings settings =
        bind(
            Map.of(
                "taskforge.tenants.defaults.requests-per-second", "50",
                "taskforge.tenants.defaults.max-open-tasks", "100",
                "taskforge.tenants.overrides.acme.max-open-tasks", "5",
                "taskforge.tenants.overrides.acme.burst", "7"));

    assertThat(settings.limitsFor("acme"))
        .isEqualTo(new TenantSettings.Limits(50, 7, 5, 1_000_000));
    assertThat(settings.limitsFor("other"))
        .isEqualTo(new TenantSettings.Limits(50, 400, 100, 1_000_000));
  }

  @Test
  void zero_meansNoLimit() {
    TenantSettings settings = bind(Map.of("taskforge.tenants.defaults.requests-per-second", "0"));

    assertThat(settings.limitsFor("x").rateLimited()).isFalse();
  }

  @Test
  void negativeLimits_aBurstBelowOneWithARate_orABadTenantName_areRefused() {
    assertThatThrownBy(() -> bind(Map.of("taskforge.tenants.defaults.max-open-tasks", "-1")))
        .hasStackTraceContaining("must not be negative");
    assertThatThrownBy(() -> bind(Map.of("taskforge.tenants.overrides.acme.burst", "0")))
        .hasStackTraceContaining("overrides.acme.burst must be at least 1");
    assertThatThrownBy(() -> bind(Map.of("taskforge.tenants.overrides.[Acme Corp].burst", "3")))
        .hasStackTraceContaining("is not a tenant name");
  }

  private static TenantSettings bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("taskforge.tenants", TenantSettings.class);
  }
}

package io.taskforge.app.support;

import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.security.ConfiguredApiKeys;
import io.taskforge.app.security.SecurityConfiguration;
import io.taskforge.app.tenant.TenantRateLimiter;
import io.taskforge.app.tenant.TenantSettings;
import io.taskforge.app.web.ProblemWriter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The API's real security chain for a {@code @WebFluxTest} slice, with the configured keys only (no
 * Temporal), and the slice's WebTestClient sending the development key.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({
  SecurityConfiguration.class,
  ConfiguredApiKeys.class,
  TenantRateLimiter.class,
  ProblemWriter.class,
  DevKey.Client.class
})
@EnableConfigurationProperties({TenantSettings.class, ApiSettings.class})
public class ApiSecurity {}

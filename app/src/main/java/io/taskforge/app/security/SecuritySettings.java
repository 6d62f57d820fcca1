package io.taskforge.app.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication ({@code taskforge.security.*}). JWTs are accepted only when Spring Boot's
 * resource-server properties name an issuer or key ({@code
 * spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code jwk-set-uri} or {@code
 * public-key-location}); {@link #jwt} says how to read them.
 *
 * @param devKey the local-development key, on by default; turn it off in production
 * @param apiKeys keys from configuration: hashes only
 * @param keyRefresh how often an app instance re-reads the keys made through the API (so one
 *     revoked on another instance stops working here within this time)
 */
@ConfigurationProperties("taskforge.security")
public record SecuritySettings(
    @DefaultValue DevKey devKey,
    List<ConfiguredKey> apiKeys,
    @DefaultValue("15s") Duration keyRefresh,
    @DefaultValue Jwt jwt) {
  public SecuritySettings {
    apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
  }

  /**
   * The documented development key ({@code application.yml} holds its hash).
   *
   * @param sha256 the hash of the key; blank turns the key off as well
   */
  public record DevKey(
      @DefaultValue("false") boolean enabled,
      String sha256,
      @DefaultValue("default") String tenant) {}

  /**
   * One configured key.
   *
   * @param name what the key is for; its id is {@code config:<name>}
   * @param sha256 the lower-case hex SHA-256 of the key (e.g. {@code printf %s "$KEY" | sha256sum})
   * @param admin whether it may manage API keys
   */
  public record ConfiguredKey(String name, String tenant, String sha256, boolean admin) {}

  /**
   * How a JWT names its caller.
   *
   * @param tenantClaim the claim holding the tenant; a token without it is refused
   * @param adminScope a scope ({@code scope} or {@code scp} claim) that makes the caller an admin
   * @param rolesClaim a claim listing roles
   * @param adminRole a role in {@code rolesClaim} that makes the caller an admin
   */
  public record Jwt(
      @DefaultValue("tenant") String tenantClaim,
      @DefaultValue("taskforge:admin") String adminScope,
      @DefaultValue("roles") String rolesClaim,
      @DefaultValue("taskforge-admin") String adminRole) {}
}

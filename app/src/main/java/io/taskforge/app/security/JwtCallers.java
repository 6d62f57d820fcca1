package io.taskforge.app.security;

import java.util.Collection;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import reactor.core.publisher.Mono;

/**
 * Turns a verified JWT into a {@link Caller}: the tenant from the configured claim (a token without
 * a valid one is refused), admin from the configured scope or role.
 */
final class JwtCallers implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {
  private final SecuritySettings.Jwt settings;

  JwtCallers(SecuritySettings.Jwt settings) {
    this.settings = settings;
  }

  @Override
  public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
    Object claim = jwt.getClaims().get(settings.tenantClaim());
    if (!(claim instanceof String tenant) || !Tenancy.isValid(tenant)) {
      return Mono.error(
          new InvalidTenantClaim(
              "the token has no valid '"
                  + settings.tenantClaim()
                  + "' claim (a tenant name "
                  + Tenancy.TENANT_RULE
                  + ")"));
    }
    String subject = jwt.getSubject() == null ? "jwt" : jwt.getSubject();
    return Mono.just(new CallerAuthentication(new Caller(tenant, subject, isAdmin(jwt), "jwt")));
  }

  /** A verified token without a valid tenant claim; its message is safe to show the caller. */
  static final class InvalidTenantClaim extends InvalidBearerTokenException {
    InvalidTenantClaim(String description) {
      super(description);
    }
  }

  private boolean isAdmin(Jwt jwt) {
    return scopes(jwt.getClaims().get("scope")).contains(settings.adminScope())
        || scopes(jwt.getClaims().get("scp")).contains(settings.adminScope())
        || scopes(jwt.getClaims().get(settings.rolesClaim())).contains(settings.adminRole());
  }

  /** A claim holding names as a space-separated string or a list. */
  private static List<String> scopes(Object claim) {
    if (claim instanceof String text) {
      return List.of(text.trim().split("\\s+"));
    }
    if (claim instanceof Collection<?> values) {
      return values.stream().map(String::valueOf).toList();
    }
    return List.of();
  }
}

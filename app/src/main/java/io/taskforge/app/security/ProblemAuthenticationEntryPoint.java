package io.taskforge.app.security;

import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.web.ProblemWriter;
import io.taskforge.app.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Authentication and authorization failures as problems: 401 (with {@code WWW-Authenticate}) for
 * missing or wrong credentials, 403 for a caller without the role, 503 when the key registry cannot
 * be read to check a key.
 */
final class ProblemAuthenticationEntryPoint
    implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemAuthenticationEntryPoint.class);
  private final ProblemWriter problems;
  private final ApiSettings apiSettings;

  ProblemAuthenticationEntryPoint(ProblemWriter problems, ApiSettings apiSettings) {
    this.problems = problems;
    this.apiSettings = apiSettings;
  }

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
    if (failure instanceof AuthenticationServiceException) {
      // Its message may name Temporal's address or the IdP's JWK URL: for the log only.
      log.warn("credentials cannot be checked now: {}", failure.getMessage(), failure.getCause());
      return problems.write(
          exchange,
          Problems.unavailable("credentials cannot be checked now", apiSettings.retryAfter()));
    }
    boolean presented =
        ApiKeyAuthentication.presentedKey(exchange) != null
            || exchange.getRequest().getHeaders().containsHeader("Authorization");
    String detail;
    if (!presented) {
      detail =
          "this API needs credentials: an API key (X-API-Key or Authorization: Bearer tf_...) or a"
              + " JWT bearer token";
    } else if (failure instanceof JwtCallers.InvalidTenantClaim) {
      detail = failure.getMessage(); // ours: names the claim and the rule, nothing more
    } else if (failure instanceof InvalidBearerTokenException) {
      // The decoder's message may name the IdP's JWK URL: for the log only.
      log.debug("bearer token refused: {}", failure.getMessage());
      detail =
          "the bearer token is not valid (malformed, expired, or not signed by the configured"
              + " issuer)";
    } else {
      detail = "the credentials are not valid";
    }
    return problems.write(exchange, Problems.unauthenticated(detail, presented));
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
    return problems.write(
        exchange, Problems.forbidden("this needs an API key or token with the admin role"));
  }
}

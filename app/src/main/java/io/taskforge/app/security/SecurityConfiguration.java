package io.taskforge.app.security;

import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.tenant.RateLimitFilter;
import io.taskforge.app.tenant.TenantRateLimiter;
import io.taskforge.app.web.ProblemWriter;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import reactor.core.publisher.Mono;

/**
 * Who may call what. Everything under {@code /api/v1} needs credentials (an API key, or a JWT when
 * one is configured); {@code /api/v1/admin/**} and the circuit breakers need the admin role. Open
 * without credentials: health and Prometheus (load balancers, orchestrators and scrapers call them
 * without a key, and they show nothing of any tenant), and the OpenAPI document and Swagger UI (the
 * API's shape is no secret; calling it still needs a key). Stateless: no session, no CSRF token (no
 * cookies are used, so there is nothing for CSRF to ride on), every request authenticates itself.
 */
@Configuration
@EnableWebFluxSecurity
@EnableConfigurationProperties(SecuritySettings.class)
public class SecurityConfiguration {
  /**
   * Only for admins. The circuit breakers are the process's, shared by every tenant: their list
   * names every tenant's targets, and a reset acts for all of them.
   */
  static final String[] ADMIN_PATHS = {
    "/api/v1/admin/**", "/api/v1/system/circuit-breakers", "/api/v1/system/circuit-breakers/**"
  };

  static final String[] OPEN_PATHS = {
    "/actuator/health",
    "/actuator/health/**",
    "/actuator/prometheus",
    "/actuator/info",
    "/v3/api-docs",
    "/v3/api-docs/**",
    "/swagger-ui.html",
    "/swagger-ui/**",
    "/webjars/**"
  };

  @Bean
  SecurityWebFilterChain apiSecurity(
      ServerHttpSecurity http,
      List<ApiKeySource> keySources,
      SecuritySettings settings,
      ObjectProvider<ReactiveJwtDecoder> jwtDecoder,
      TenantRateLimiter rateLimiter,
      ProblemWriter problems,
      ApiSettings apiSettings) {
    ProblemAuthenticationEntryPoint entryPoint =
        new ProblemAuthenticationEntryPoint(problems, apiSettings);

    AuthenticationWebFilter apiKeys =
        new AuthenticationWebFilter(ApiKeyAuthentication.manager(keySources));
    apiKeys.setServerAuthenticationConverter(ApiKeyAuthentication.converter());
    apiKeys.setAuthenticationFailureHandler(
        new ServerAuthenticationEntryPointFailureHandler(entryPoint));
    apiKeys.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());

    http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .exceptionHandling(
            handling ->
                handling.authenticationEntryPoint(entryPoint).accessDeniedHandler(entryPoint))
        .authorizeExchange(
            exchanges ->
                exchanges
                    .pathMatchers(OPEN_PATHS)
                    .permitAll()
                    .pathMatchers(ADMIN_PATHS)
                    .hasRole(CallerAuthentication.ADMIN_ROLE)
                    .anyExchange()
                    .authenticated())
        .addFilterAt(apiKeys, SecurityWebFiltersOrder.AUTHENTICATION)
        .addFilterBefore(
            new RateLimitFilter(rateLimiter, problems), SecurityWebFiltersOrder.AUTHORIZATION);

    ReactiveJwtDecoder decoder = jwtDecoder.getIfAvailable();
    if (decoder != null) {
      ServerBearerTokenAuthenticationConverter bearer =
          new ServerBearerTokenAuthenticationConverter();
      http.oauth2ResourceServer(
          oauth ->
              oauth
                  // A bearer token that is an API key is the API-key filter's.
                  .bearerTokenConverter(
                      exchange ->
                          ApiKeyAuthentication.isApiKeyBearer(exchange)
                              ? Mono.empty()
                              : bearer.convert(exchange))
                  .authenticationEntryPoint(entryPoint)
                  .accessDeniedHandler(entryPoint)
                  .jwt(
                      jwt ->
                          jwt.jwtDecoder(decoder)
                              .jwtAuthenticationConverter(new JwtCallers(settings.jwt()))));
    }
    return http.build();
  }
}

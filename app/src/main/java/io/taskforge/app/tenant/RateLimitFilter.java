package io.taskforge.app.tenant;

import io.taskforge.app.security.CallerAuthentication;
import io.taskforge.app.web.ProblemWriter;
import io.taskforge.app.web.Problems;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * 429 with Retry-After once an authenticated caller's tenant is over its request rate. Runs in the
 * security filter chain, after authentication (so it knows the tenant) and before anything else is
 * done for the request; unauthenticated requests are not its business.
 */
public final class RateLimitFilter implements WebFilter {
  private final TenantRateLimiter limiter;
  private final ProblemWriter problems;

  public RateLimitFilter(TenantRateLimiter limiter, ProblemWriter problems) {
    this.limiter = limiter;
    this.problems = problems;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return ReactiveSecurityContextHolder.getContext()
        .mapNotNull(SecurityContext::getAuthentication)
        .ofType(CallerAuthentication.class)
        .map(caller -> Optional.of(caller.getPrincipal().tenant()))
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            tenant -> {
              if (tenant.isEmpty()) {
                return chain.filter(exchange);
              }
              Duration wait = limiter.acquire(tenant.get());
              return wait.isZero()
                  ? chain.filter(exchange)
                  : problems.write(exchange, Problems.rateLimited(tenant.get(), wait));
            });
  }
}

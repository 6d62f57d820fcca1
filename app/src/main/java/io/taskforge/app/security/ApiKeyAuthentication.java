package io.taskforge.app.security;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * API-key authentication. A key comes as {@code X-API-Key: <key>} or {@code Authorization: Bearer
 * <key>}; a bearer token that does not start with {@code tf_} is left to the JWT filter. The key is
 * hashed and looked up in every {@link ApiKeySource} (configuration first, then the registry).
 */
final class ApiKeyAuthentication {
  static final String HEADER = "X-API-Key";
  private static final String BEARER = "Bearer ";

  private ApiKeyAuthentication() {}

  /** A presented key, not yet checked. */
  static final class Presented extends AbstractAuthenticationToken {
    private final String key;

    Presented(String key) {
      super(List.of());
      this.key = key;
    }

    @Override
    public Object getCredentials() {
      return key;
    }

    @Override
    public Object getPrincipal() {
      return ApiKeys.shownPrefix(key);
    }
  }

  /** Reads the key from the request; empty when it carries none. */
  static ServerAuthenticationConverter converter() {
    return exchange -> Mono.justOrEmpty(presentedKey(exchange)).map(Presented::new);
  }

  static String presentedKey(ServerWebExchange exchange) {
    HttpHeaders headers = exchange.getRequest().getHeaders();
    String header = headers.getFirst(HEADER);
    if (header != null && !header.isBlank()) {
      return header.trim();
    }
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String token = authorization.substring(BEARER.length()).trim();
      if (token.startsWith(ApiKeys.PREFIX)) {
        return token;
      }
    }
    return null;
  }

  /** Whether the request's bearer token is an API key (and so not for the JWT filter). */
  static boolean isApiKeyBearer(ServerWebExchange exchange) {
    String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    return authorization != null
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && authorization.substring(BEARER.length()).trim().startsWith(ApiKeys.PREFIX);
  }

  static ReactiveAuthenticationManager manager(List<ApiKeySource> sources) {
    List<ApiKeySource> ordered = List.copyOf(sources);
    return authentication -> {
      if (!(authentication instanceof Presented presented)) {
        return Mono.empty();
      }
      byte[] hash = ApiKeys.sha256((String) presented.getCredentials());
      return Flux.fromIterable(ordered)
          .concatMap(source -> source.find(hash))
          .next()
          .<Authentication>map(key -> new CallerAuthentication(key.caller()))
          .switchIfEmpty(Mono.error(() -> new BadCredentialsException("unknown API key")));
    };
  }
}

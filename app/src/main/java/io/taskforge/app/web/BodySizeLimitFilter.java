package io.taskforge.app.web;

import io.taskforge.app.config.ApiSettings;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request whose declared Content-Length is over the limit with 413 before reading it.
 * Bodies without a length are stopped by the codec limit instead (see {@link ApiExceptionHandler}).
 */
@Component
public class BodySizeLimitFilter implements WebFilter {
  private final ApiSettings settings;

  public BodySizeLimitFilter(ApiSettings settings) {
    this.settings = settings;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long length = exchange.getRequest().getHeaders().getContentLength();
    if (length <= settings.maxBodySize().toBytes()) {
      return chain.filter(exchange);
    }
    var response = exchange.getResponse();
    response.setStatusCode(HttpStatus.CONTENT_TOO_LARGE);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    String body =
        "{\"type\":\""
            + Problems.PAYLOAD_TOO_LARGE
            + "\",\"title\":\"Payload too large\",\"status\":413,\"detail\":\"the request body is"
            + " larger than "
            + settings.maxBodySize().toKilobytes()
            + " KB\"}";
    return response.writeWith(
        Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
  }
}

package io.taskforge.app.web;

import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes a problem from a web filter (authentication, rate limits), where no controller advice
 * runs: same codecs, same JSON and the same WARN log line as {@link ApiExceptionHandler}.
 */
@Component
public class ProblemWriter {
  private static final Logger log = LoggerFactory.getLogger(ProblemWriter.class);
  private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

  private final HttpMessageWriter<ProblemDetail> writer;

  @SuppressWarnings("unchecked")
  public ProblemWriter(ServerCodecConfigurer codecs) {
    this.writer =
        (HttpMessageWriter<ProblemDetail>)
            codecs.getWriters().stream()
                .filter(w -> w.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no JSON writer for problems"));
  }

  public Mono<Void> write(ServerWebExchange exchange, ErrorResponseException e) {
    ProblemDetail problem = e.getBody();
    if (problem.getInstance() == null) {
      problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
    }
    log.warn(
        "{} {} -> {}: {}",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(),
        e.getStatusCode().value(),
        problem.getDetail());
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(e.getStatusCode());
    response.getHeaders().putAll(e.getHeaders());
    return writer.write(
        Mono.just(problem), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
  }
}

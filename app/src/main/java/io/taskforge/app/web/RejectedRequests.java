package io.taskforge.app.web;

import java.util.List;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A request the security firewall refuses before any controller (an encoded slash or NUL in the
 * path, a header name or value with control characters) gets a 400 problem like every other
 * malformed request, instead of an empty 400.
 */
@Component
public class RejectedRequests implements ServerExchangeRejectedHandler {
  private final ProblemWriter problems;

  public RejectedRequests(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException e) {
    String header = RequestChecks.refusedHeader(exchange.getRequest());
    return problems.write(
        exchange,
        header == null
            ? Problems.malformed(
                "the request's URL or headers hold characters that are not allowed", List.of())
            : Problems.malformed(
                header + " " + RequestChecks.HEADER_TEXT,
                List.of(new FieldProblem(header, RequestChecks.HEADER_TEXT))));
  }
}

package io.taskforge.app.web;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.workflows.TenantIds;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Turns every error into problem details: the framework's own (bad JSON, unknown route), ours
 * ({@link Problems}), and the Temporal client's — not found is 404, already started is 409, an
 * unreachable server is 503 with Retry-After. 4xx are logged at WARN, 5xx at ERROR.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  private final ApiSettings settings;

  public ApiExceptionHandler(ApiSettings settings) {
    this.settings = settings;
  }

  @ExceptionHandler(TimeoutException.class)
  public Mono<ResponseEntity<Object>> onTimeout(TimeoutException e, ServerWebExchange exchange) {
    return handle(
        Problems.unavailable(
            "Temporal did not answer within " + settings.temporalTimeout().toSeconds() + "s",
            settings.retryAfter()),
        exchange);
  }

  @ExceptionHandler(WorkflowNotFoundException.class)
  public Mono<ResponseEntity<Object>> onNotFound(
      WorkflowNotFoundException e, ServerWebExchange exchange) {
    // Only ever about the caller's own workflows: named by the id the caller knows.
    return handle(
        Problems.notFound("task", TenantIds.apiId(e.getExecution().getWorkflowId())), exchange);
  }

  @ExceptionHandler(WorkflowExecutionAlreadyStarted.class)
  public Mono<ResponseEntity<Object>> onAlreadyStarted(
      WorkflowExecutionAlreadyStarted e, ServerWebExchange exchange) {
    return handle(
        Problems.conflict(
            "a task with id "
                + TenantIds.apiId(e.getExecution().getWorkflowId())
                + " already exists"),
        exchange);
  }

  /** Temporal client errors arrive as gRPC statuses, often wrapped. */
  @ExceptionHandler(RuntimeException.class)
  public Mono<ResponseEntity<Object>> onRuntime(RuntimeException e, ServerWebExchange exchange) {
    StatusRuntimeException grpc = grpcCause(e);
    if (grpc != null) {
      Status.Code code = grpc.getStatus().getCode();
      switch (code) {
        // Temporal's descriptions name its addresses and internals: they go to the log only.
        case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED -> {
          log.warn("Temporal did not serve {}: {}", path(exchange), grpc.getStatus());
          return handle(
              Problems.unavailable(
                  "Temporal could not serve this request ("
                      + code
                      + "); retry after the Retry-After delay",
                  settings.retryAfter()),
              exchange);
        }
        case NOT_FOUND -> {
          log.warn("Temporal answered NOT_FOUND to {}: {}", path(exchange), grpc.getStatus());
          return handle(
              HttpStatus.NOT_FOUND,
              Problems.NOT_FOUND,
              "Not found",
              "what this request names does not exist",
              e,
              exchange);
        }
        case ALREADY_EXISTS -> {
          log.warn("Temporal answered ALREADY_EXISTS to {}: {}", path(exchange), grpc.getStatus());
          return handle(
              Problems.conflict("what this request would create already exists"), exchange);
        }
        case INVALID_ARGUMENT -> {
          log.warn("Temporal refused {} as invalid: {}", path(exchange), grpc.getStatus());
          return handle(
              HttpStatus.UNPROCESSABLE_CONTENT,
              Problems.INVALID_REQUEST,
              "Invalid request",
              "Temporal refused this request as invalid (too large, or out of its limits)",
              e,
              exchange);
        }
        default -> {}
      }
    }
    log.error("unexpected error on {}", exchange.getRequest().getPath(), e);
    ProblemDetail problem =
        Problems.problem(
            HttpStatus.INTERNAL_SERVER_ERROR,
            Problems.INTERNAL,
            "Internal error",
            "the server failed to handle this request; see its log");
    return Mono.just(ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem));
  }

  /** Bad JSON is 400; a body over the size limit is 413. */
  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(
      ServerWebInputException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    if (hasCause(ex, DataBufferLimitException.class)) {
      return handle(Problems.payloadTooLarge(settings.maxBodySize()), exchange);
    }
    BodyProblems.Described described = readable(ex);
    return handle(Problems.malformed(described.detail(), described.errors()), exchange);
  }

  /** A body over the size limit that had no Content-Length: the codec stops reading it. */
  @Override
  protected Mono<ResponseEntity<Object>> handleResponseStatusException(
      ResponseStatusException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    if (status.value() == HttpStatus.CONTENT_TOO_LARGE.value()
        || hasCause(ex, DataBufferLimitException.class)) {
      return handle(Problems.payloadTooLarge(settings.maxBodySize()), exchange);
    }
    return super.handleResponseStatusException(ex, headers, status, exchange);
  }

  /**
   * A header value the security firewall refuses (control characters, unassigned code points): 400
   * naming the header, where Spring would answer 500.
   */
  @ExceptionHandler(ServerExchangeRejectedException.class)
  public Mono<ResponseEntity<Object>> onRejected(
      ServerExchangeRejectedException e, ServerWebExchange exchange) {
    String header = RequestChecks.refusedHeader(exchange.getRequest());
    ErrorResponseException problem =
        header == null
            ? Problems.malformed("the request holds characters that are not allowed", List.of())
            : Problems.malformed(
                header + " " + RequestChecks.HEADER_TEXT,
                List.of(new FieldProblem(header, RequestChecks.HEADER_TEXT)));
    return handle(problem, exchange);
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleExceptionInternal(
      Exception ex,
      Object body,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    String path = path(exchange);
    if (status.is5xxServerError()) {
      log.error("{} -> {}: {}", path, status.value(), ex.getMessage());
    } else {
      log.warn("{} -> {}: {}", path, status.value(), ex.getMessage());
    }
    return super.handleExceptionInternal(ex, body, headers, status, exchange)
        .map(
            entity -> {
              // The framework's own problems (no route, wrong method or media type) get a type.
              if (entity.getBody() instanceof ProblemDetail problem
                  && Problems.isUntyped(problem)) {
                problem.setType(Problems.typeFor(status));
              }
              return entity;
            });
  }

  private Mono<ResponseEntity<Object>> handle(
      ErrorResponseException e, ServerWebExchange exchange) {
    return handleErrorResponseException(e, e.getHeaders(), e.getStatusCode(), exchange);
  }

  /** A problem of the given status and type, with the exception as its cause. */
  private Mono<ResponseEntity<Object>> handle(
      HttpStatus status,
      URI type,
      String title,
      String detail,
      Throwable cause,
      ServerWebExchange exchange) {
    return handle(
        new ErrorResponseException(status, Problems.problem(status, type, title, detail), cause),
        exchange);
  }

  /**
   * What is wrong, naming the field: a body that is not JSON or not of the endpoint's shape, or a
   * query parameter of the wrong type. Never the framework's or Jackson's text, which names Java
   * types.
   */
  private static BodyProblems.Described readable(ServerWebInputException ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof TypeMismatchException mismatch && mismatch.getPropertyName() != null) {
        String message = "must be " + BodyProblems.expected(mismatch.getRequiredType());
        return new BodyProblems.Described(
            mismatch.getPropertyName() + " " + message,
            List.of(new FieldProblem(mismatch.getPropertyName(), message)));
      }
    }
    if (ex.getCause() instanceof DecodingException decoding) {
      return BodyProblems.describe(decoding);
    }
    return new BodyProblems.Described(
        ex.getReason() == null ? "the request could not be read" : ex.getReason(), List.of());
  }

  private static String path(ServerWebExchange exchange) {
    return exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath();
  }

  private static StatusRuntimeException grpcCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return grpc;
      }
    }
    return null;
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}

package io.taskforge.app.web;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.workflows.TenantIds;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
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
        case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED -> {
          return handle(
              Problems.unavailable(
                  "Temporal is not reachable: " + grpc.getStatus().getDescription(),
                  settings.retryAfter()),
              exchange);
        }
        case NOT_FOUND -> {
          return handle(
              new ErrorResponseException(
                  HttpStatus.NOT_FOUND,
                  Problems.problem(
                      HttpStatus.NOT_FOUND,
                      Problems.NOT_FOUND,
                      "Not found",
                      grpc.getStatus().getDescription()),
                  e),
              exchange);
        }
        case ALREADY_EXISTS -> {
          return handle(Problems.conflict(grpc.getStatus().getDescription()), exchange);
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
      ProblemDetail problem =
          Problems.problem(
              HttpStatus.CONTENT_TOO_LARGE,
              Problems.PAYLOAD_TOO_LARGE,
              "Payload too large",
              "the request body is larger than " + settings.maxBodySize().toKilobytes() + " KB");
      return handle(
          new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE, problem, ex), exchange);
    }
    ProblemDetail problem =
        Problems.problem(
            HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST, "Malformed request", readable(ex));
    return handle(new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, ex), exchange);
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleExceptionInternal(
      Exception ex,
      Object body,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    String path = exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath();
    if (status.is5xxServerError()) {
      log.error("{} -> {}: {}", path, status.value(), ex.getMessage());
    } else {
      log.warn("{} -> {}: {}", path, status.value(), ex.getMessage());
    }
    return super.handleExceptionInternal(ex, body, headers, status, exchange);
  }

  private Mono<ResponseEntity<Object>> handle(
      ErrorResponseException e, ServerWebExchange exchange) {
    return handleErrorResponseException(e, e.getHeaders(), e.getStatusCode(), exchange);
  }

  private static String readable(ServerWebInputException ex) {
    Throwable cause = ex.getCause();
    if (cause instanceof DecodingException decoding && decoding.getCause() != null) {
      String message = decoding.getCause().getMessage();
      int cut = message.indexOf('\n');
      return "the request body is not valid JSON for this endpoint: "
          + (cut > 0 ? message.substring(0, cut) : message);
    }
    return ex.getReason() == null ? "the request could not be read" : ex.getReason();
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

package io.taskforge.app.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/**
 * The API's problem types (RFC 9457). Each kind of problem has one stable {@code type} URI that
 * clients may branch on; {@code detail} is for people.
 */
public final class Problems {
  public static final URI INVALID_REQUEST = type("invalid-request");
  public static final URI MALFORMED_REQUEST = type("malformed-request");
  public static final URI NOT_FOUND = type("not-found");
  public static final URI CONFLICT = type("conflict");
  public static final URI PAYLOAD_TOO_LARGE = type("payload-too-large");
  public static final URI TEMPORAL_UNAVAILABLE = type("temporal-unavailable");
  public static final URI UNAUTHENTICATED = type("unauthenticated");
  public static final URI FORBIDDEN = type("forbidden");
  public static final URI RATE_LIMITED = type("rate-limited");
  public static final URI OPEN_TASK_LIMIT = type("open-task-limit");
  public static final URI INTERNAL = type("internal-error");
  public static final URI METHOD_NOT_ALLOWED = type("method-not-allowed");
  public static final URI UNSUPPORTED_MEDIA_TYPE = type("unsupported-media-type");
  public static final URI NOT_ACCEPTABLE = type("not-acceptable");

  private Problems() {}

  private static URI type(String name) {
    return URI.create("urn:taskforge:problem:" + name);
  }

  /** 422: the request is well-formed JSON but some fields are wrong; names each one. */
  public static ErrorResponseException invalid(List<FieldProblem> errors) {
    String detail =
        errors.size() == 1
            ? errors.getFirst().field() + " " + errors.getFirst().message()
            : errors.size() + " fields are invalid";
    ProblemDetail problem =
        problem(HttpStatus.UNPROCESSABLE_CONTENT, INVALID_REQUEST, "Invalid request", detail);
    problem.setProperty("errors", List.copyOf(errors));
    return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
  }

  /**
   * 400: the request could not be read (not JSON, not of the endpoint's shape, an unknown field, a
   * header or query parameter of the wrong form); names the field when there is one.
   */
  public static ErrorResponseException malformed(String detail, List<FieldProblem> errors) {
    ProblemDetail problem =
        problem(HttpStatus.BAD_REQUEST, MALFORMED_REQUEST, "Malformed request", detail);
    if (!errors.isEmpty()) {
      problem.setProperty("errors", List.copyOf(errors));
    }
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
  }

  /** 413: the body is larger than the API accepts. */
  public static ErrorResponseException payloadTooLarge(DataSize limit) {
    return new ErrorResponseException(
        HttpStatus.CONTENT_TOO_LARGE,
        problem(
            HttpStatus.CONTENT_TOO_LARGE,
            PAYLOAD_TOO_LARGE,
            "Payload too large",
            "the request body is larger than " + limit.toKilobytes() + " KB"),
        null);
  }

  public static ErrorResponseException invalid(String field, String message) {
    return invalid(List.of(new FieldProblem(field, message)));
  }

  public static ErrorResponseException notFound(String what, String id) {
    ProblemDetail problem =
        problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", what + " " + id + " does not exist");
    problem.setProperty("id", id);
    return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
  }

  public static ErrorResponseException conflict(String detail) {
    return new ErrorResponseException(
        HttpStatus.CONFLICT, problem(HttpStatus.CONFLICT, CONFLICT, "Conflict", detail), null);
  }

  public static ErrorResponseException unavailable(String detail, Duration retryAfter) {
    ProblemDetail problem =
        problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            TEMPORAL_UNAVAILABLE,
            "Temporal is unavailable",
            detail);
    ErrorResponseException exception =
        new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
    exception
        .getHeaders()
        .set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    return exception;
  }

  /**
   * 401: no credentials, or credentials this API does not accept. The challenge names the bearer
   * scheme, which carries both API keys and JWTs ({@code X-API-Key} works as well).
   */
  public static ErrorResponseException unauthenticated(String detail, boolean invalidToken) {
    ErrorResponseException exception =
        new ErrorResponseException(
            HttpStatus.UNAUTHORIZED,
            problem(HttpStatus.UNAUTHORIZED, UNAUTHENTICATED, "Unauthenticated", detail),
            null);
    exception
        .getHeaders()
        .set(
            HttpHeaders.WWW_AUTHENTICATE,
            invalidToken
                ? "Bearer realm=\"taskforge\", error=\"invalid_token\""
                : "Bearer realm=\"taskforge\"");
    return exception;
  }

  /** 403: the caller is known but may not do this. */
  public static ErrorResponseException forbidden(String detail) {
    return new ErrorResponseException(
        HttpStatus.FORBIDDEN, problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", detail), null);
  }

  /**
   * 429: the tenant sent more requests than its rate allows; try again after {@code retryAfter}.
   */
  public static ErrorResponseException rateLimited(String tenant, Duration retryAfter) {
    ProblemDetail problem =
        problem(
            HttpStatus.TOO_MANY_REQUESTS,
            RATE_LIMITED,
            "Rate limited",
            "tenant " + tenant + " is over its request rate; retry after the Retry-After delay");
    problem.setProperty("tenant", tenant);
    return tooMany(problem, retryAfter);
  }

  /** 429: the tenant has as much open work as it may; nothing was started. */
  public static ErrorResponseException openTaskLimit(
      String tenant, long open, long limit, Duration retryAfter) {
    ProblemDetail problem =
        problem(
            HttpStatus.TOO_MANY_REQUESTS,
            OPEN_TASK_LIMIT,
            "Too many open tasks",
            "tenant "
                + tenant
                + " has "
                + open
                + " open tasks, groups and agencies; its limit is "
                + limit
                + ", so nothing was started");
    problem.setProperty("tenant", tenant);
    problem.setProperty("open", open);
    problem.setProperty("limit", limit);
    return tooMany(problem, retryAfter);
  }

  private static ErrorResponseException tooMany(ProblemDetail problem, Duration retryAfter) {
    ErrorResponseException exception =
        new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
    exception
        .getHeaders()
        .set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ceilSeconds(retryAfter))));
    return exception;
  }

  private static long ceilSeconds(Duration duration) {
    return duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
  }

  /** A problem the framework made, with RFC 9457's default type ({@code about:blank}). */
  static boolean isUntyped(ProblemDetail problem) {
    return problem.getType() == null || "about:blank".equals(problem.getType().toString());
  }

  /** The type of a problem known only by its status. */
  static URI typeFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> MALFORMED_REQUEST;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 422 -> INVALID_REQUEST;
      case 503 -> TEMPORAL_UNAVAILABLE;
      default -> status.is5xxServerError() ? INTERNAL : MALFORMED_REQUEST;
    };
  }

  public static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type);
    problem.setTitle(title);
    return problem;
  }
}

package io.taskforge.app.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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
  public static final URI INTERNAL = type("internal-error");

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

  public static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type);
    problem.setTitle(title);
    return problem;
  }
}

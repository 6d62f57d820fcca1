package io.taskforge.activities.http;

import io.taskforge.workflows.task.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What task types that call HTTP servers share: status mapping, capped bodies, headers. */
public final class HttpCalls {
  private HttpCalls() {}

  /** A response body read up to a limit; {@code truncated} when the server sent more. */
  public record CappedBody(byte[] bytes, boolean truncated) {}

  /**
   * The failure for a non-2xx answer: 5xx, 408 and 429 may pass on retry ({@link
   * FailureTypes#REMOTE_UNAVAILABLE}, honouring Retry-After); any other status will not ({@link
   * FailureTypes#REMOTE_REJECTED}). The start of the body goes into the message, as servers often
   * explain the refusal there.
   */
  public static ApplicationFailure forStatus(
      String what, int status, HttpHeaders headers, String body) {
    String excerpt = body.strip();
    if (excerpt.length() > 300) {
      excerpt = excerpt.substring(0, 300) + "...";
    }
    String message = what + " answered HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
    Map<String, Object> details = Map.of("status", status);
    if (isTransient(status)) {
      Optional<Duration> retryAfter = retryAfter(headers);
      if (retryAfter.isPresent()) {
        return ApplicationFailure.newFailureWithCauseAndDelay(
            message, FailureTypes.REMOTE_UNAVAILABLE, null, retryAfter.get(), details);
      }
      return ApplicationFailure.newFailure(message, FailureTypes.REMOTE_UNAVAILABLE, details);
    }
    return ApplicationFailure.newNonRetryableFailure(
        message, FailureTypes.REMOTE_REJECTED, details);
  }

  /**
   * Whether an answer says the server is failing or overloaded (5xx, 408, 429), so that the call
   * may pass later: retried, and counted against the target by its circuit breaker. Any other
   * status is the server judging the request.
   */
  public static boolean isTransient(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  /** The failure for a call that got no answer (refused, reset, timed out): retried. */
  public static ApplicationFailure forIoError(String what, IOException e) {
    String reason = e instanceof HttpTimeoutException ? "timed out" : "failed";
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.toString();
    return ApplicationFailure.newFailureWithCause(
        what + " " + reason + ": " + detail, FailureTypes.REMOTE_UNAVAILABLE, e);
  }

  /** Reads at most {@code limit} bytes and closes the stream, dropping whatever is left. */
  public static CappedBody readCapped(InputStream in, int limit) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 64 * 1024));
      byte[] buffer = new byte[16 * 1024];
      int total = 0;
      int read;
      while ((read = in.read(buffer)) != -1) {
        int keep = Math.min(read, limit - total);
        out.write(buffer, 0, keep);
        total += keep;
        if (keep < read) {
          return new CappedBody(out.toByteArray(), true);
        }
      }
      return new CappedBody(out.toByteArray(), false);
    }
  }

  /** The charset the Content-Type names, UTF-8 when it names none or one this JVM lacks. */
  public static Charset charsetOf(HttpHeaders headers) {
    String contentType = headers.firstValue("content-type").orElse("");
    for (String part : contentType.split(";")) {
      String[] pair = part.trim().split("=", 2);
      if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
        try {
          return Charset.forName(pair[1].trim().replace("\"", ""));
        } catch (IllegalArgumentException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  /** The media type of the Content-Type, lower case without parameters; empty if absent. */
  public static String mediaType(HttpHeaders headers) {
    String contentType = headers.firstValue("content-type").orElse("");
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  private static Optional<Duration> retryAfter(HttpHeaders headers) {
    // Only the delta-seconds form; an HTTP date falls back to the retry policy's backoff.
    return headers
        .firstValue("retry-after")
        .map(String::trim)
        .filter(value -> value.matches("\\d{1,6}"))
        .map(value -> Duration.ofSeconds(Long.parseLong(value)));
  }
}

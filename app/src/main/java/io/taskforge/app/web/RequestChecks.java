package io.taskforge.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/**
 * Checks every submit and list endpoint makes the same way: descriptive fields, metadata, instants
 * in query parameters, the {@code Idempotency-Key} header and the request hash that tells a true
 * retry from a different request reusing a key.
 */
public final class RequestChecks {
  public static final int MAX_IDEMPOTENCY_KEY = 200;
  public static final int MAX_METADATA_ENTRIES = 50;
  public static final int MAX_METADATA_KEY = 100;
  public static final int MAX_METADATA_VALUE = 1000;

  /** Canonical JSON for request hashes: map keys sorted, so key order does not matter. */
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private RequestChecks() {}

  /** What a header that holds control characters or unassigned code points is told. */
  public static final String HEADER_TEXT =
      "must hold only printable characters (no control characters)";

  /**
   * Refuses an Idempotency-Key that is blank, too long or not printable ASCII (422); null means
   * none was given. Headers are ASCII on the wire: anything else would be read differently by each
   * hop.
   */
  public static void checkIdempotencyKey(String key) {
    if (key != null
        && (key.isBlank()
            || key.length() > MAX_IDEMPOTENCY_KEY
            || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e))) {
      throw Problems.invalid(
          "Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " printable ASCII characters");
    }
  }

  /**
   * The first header whose name or value holds a control character or an unassigned code point, as
   * the security firewall refuses them; null when there is none. Reads the request under the
   * firewall's wrapper, which would refuse again.
   */
  public static String refusedHeader(ServerHttpRequest request) {
    ServerHttpRequest raw = request;
    while (raw instanceof ServerHttpRequestDecorator decorator) {
      raw = decorator.getDelegate();
    }
    for (Map.Entry<String, List<String>> header : raw.getHeaders().headerSet()) {
      if (!printable(header.getKey())
          || header.getValue().stream().anyMatch(value -> !printable(value))) {
        return printable(header.getKey()) ? header.getKey() : "headers";
      }
    }
    return null;
  }

  private static boolean printable(String text) {
    return text.codePoints().allMatch(c -> Character.isDefined(c) && !Character.isISOControl(c));
  }

  /** SHA-256 of the request's canonical JSON. */
  public static String requestHash(Object request) {
    try {
      byte[] json = CANONICAL.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("could not hash the request", e);
    }
  }

  public static void checkLength(String field, String value, int max, List<FieldProblem> errors) {
    if (value != null && value.length() > max) {
      errors.add(new FieldProblem(field, "must be at most " + max + " characters"));
    }
  }

  public static void checkMetadata(Map<String, String> metadata, List<FieldProblem> errors) {
    if (metadata.size() > MAX_METADATA_ENTRIES) {
      errors.add(
          new FieldProblem("metadata", "may hold at most " + MAX_METADATA_ENTRIES + " entries"));
    }
    metadata.forEach(
        (key, value) -> {
          if (key.length() > MAX_METADATA_KEY) {
            errors.add(
                new FieldProblem(
                    "metadata", "keys must be at most " + MAX_METADATA_KEY + " chars"));
          }
          if (value == null || value.length() > MAX_METADATA_VALUE) {
            errors.add(
                new FieldProblem(
                    "metadata." + key,
                    "must be a string of at most " + MAX_METADATA_VALUE + " characters"));
          }
        });
  }

  /** An ISO-8601 instant from a query parameter; null when absent, an error when malformed. */
  public static Instant instant(String field, String value, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      errors.add(
          new FieldProblem(field, "must be an ISO-8601 instant such as 2026-01-31T09:00:00Z"));
      return null;
    }
  }
}

package io.taskforge.activities.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhooks the <a href="https://www.standardwebhooks.com">Standard Webhooks</a> way, so that
 * a receiver can tell a genuine delivery from a forged, altered or replayed one:
 *
 * <ul>
 *   <li>{@code webhook-id}: the delivery's id, the same on every attempt (deduplicate on it);
 *   <li>{@code webhook-timestamp}: when this attempt was made, in unix seconds;
 *   <li>{@code webhook-signature}: {@code v1,} and the base64 HMAC-SHA256 of {@code
 *       <id>.<timestamp>.<raw body>}.
 * </ul>
 *
 * <p>The key is the secret's bytes: a secret of the form {@code whsec_<base64>} (the standard's
 * serialization) is the base64-decoded part after the prefix, any other secret its UTF-8 bytes.
 *
 * <p>For one release the headers also carry the earlier scheme, {@code X-Taskforge-Timestamp} and
 * {@code X-Taskforge-Signature: sha256=<hex HMAC-SHA256 of the body>} with the secret's UTF-8
 * bytes, so receivers that check it keep working while they move; it does not sign the timestamp,
 * so a receiver that relies on it alone can be replayed.
 */
public final class WebhookSigner {
  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";

  /** The standard's prefix of a base64 symmetric secret. */
  public static final String SECRET_PREFIX = "whsec_";

  /** The version tag of an HMAC-SHA256 signature. */
  public static final String VERSION = "v1";

  /** How far a timestamp may be from the receiver's clock, either way, before it is refused. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  /** The earlier, body-only scheme, sent for one more release. */
  @Deprecated public static final String LEGACY_SIGNATURE_HEADER = "X-Taskforge-Signature";

  @Deprecated public static final String LEGACY_TIMESTAMP_HEADER = "X-Taskforge-Timestamp";

  @Deprecated public static final String LEGACY_PREFIX = "sha256=";

  private static final String ALGORITHM = "HmacSHA256";

  /** What a receiver's check of a delivery found. */
  public enum Verdict {
    VALID,
    /** A {@code webhook-*} header is absent or empty. */
    MISSING_HEADER,
    /** The timestamp is not a number of seconds. */
    MALFORMED_TIMESTAMP,
    /** The timestamp is further from now than the tolerance: a replay, or a far-off clock. */
    STALE_TIMESTAMP,
    /** No {@code v1} signature in the header matches the id, timestamp and body. */
    BAD_SIGNATURE;

    public boolean isValid() {
      return this == VALID;
    }
  }

  private WebhookSigner() {}

  /**
   * The headers of a signed delivery, as names and values for {@code
   * HttpRequest.Builder.headers(...)}: the standard's three, then the legacy two.
   *
   * @throws IllegalArgumentException when the id contains a full stop (it would make the signed
   *     content ambiguous) or the secret is empty or a malformed {@code whsec_} secret
   */
  public static String[] headers(String secret, String id, Instant at, byte[] body) {
    long timestamp = at.getEpochSecond();
    return new String[] {
      ID_HEADER,
      id,
      TIMESTAMP_HEADER,
      Long.toString(timestamp),
      SIGNATURE_HEADER,
      signature(secret, id, timestamp, body),
      LEGACY_TIMESTAMP_HEADER,
      Long.toString(timestamp),
      LEGACY_SIGNATURE_HEADER,
      legacySignature(body, secret)
    };
  }

  /** The id and timestamp headers (standard and legacy) of a delivery sent with no secret set. */
  public static String[] unsignedHeaders(String id, Instant at) {
    checkId(id);
    String timestamp = Long.toString(at.getEpochSecond());
    return new String[] {
      ID_HEADER, id, TIMESTAMP_HEADER, timestamp, LEGACY_TIMESTAMP_HEADER, timestamp
    };
  }

  /** {@code v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">}. */
  public static String signature(String secret, String id, long timestamp, byte[] body) {
    checkId(id);
    Mac mac = mac(key(secret));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return VERSION + "," + Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  /**
   * The HMAC key of a secret: the bytes after {@code whsec_}, base64-decoded; else its UTF-8 bytes.
   *
   * @throws IllegalArgumentException when it is empty, or {@code whsec_} without valid base64
   */
  public static byte[] key(String secret) {
    Objects.requireNonNull(secret, "secret");
    byte[] key;
    if (secret.startsWith(SECRET_PREFIX)) {
      try {
        key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
      } catch (IllegalArgumentException e) {
        // The message never quotes the secret.
        throw new IllegalArgumentException(
            "a webhook secret starting with " + SECRET_PREFIX + " must be base64 after it");
      }
    } else {
      key = secret.getBytes(StandardCharsets.UTF_8);
    }
    if (key.length == 0) {
      throw new IllegalArgumentException("a webhook secret must not be empty");
    }
    return key;
  }

  /**
   * Checks a delivery as a receiver does: every header present, the timestamp within {@code
   * tolerance} of {@code now} either way, and one of the header's space-separated {@code v1}
   * signatures equal (in constant time) to the one computed over the raw body as received.
   *
   * @param header a received header's value by name, null when absent
   */
  public static Verdict verify(
      String secret,
      byte[] body,
      Function<String, String> header,
      Instant now,
      Duration tolerance) {
    String id = header.apply(ID_HEADER);
    String timestamp = header.apply(TIMESTAMP_HEADER);
    String signatures = header.apply(SIGNATURE_HEADER);
    if (isBlank(id) || isBlank(timestamp) || isBlank(signatures)) {
      return Verdict.MISSING_HEADER;
    }
    if (!timestamp.matches("\\d{1,12}")) {
      return Verdict.MALFORMED_TIMESTAMP;
    }
    long seconds = Long.parseLong(timestamp);
    if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
      return Verdict.STALE_TIMESTAMP;
    }
    if (id.indexOf('.') >= 0) {
      return Verdict.BAD_SIGNATURE; // never signed by us: ids carry no full stop
    }
    byte[] expected = signature(secret, id, seconds, body).getBytes(StandardCharsets.US_ASCII);
    boolean matched = false;
    for (String candidate : signatures.trim().split(" +")) {
      // Every candidate is compared, so the time taken does not say which one matched.
      matched |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
    }
    return matched ? Verdict.VALID : Verdict.BAD_SIGNATURE;
  }

  /** {@code sha256=<hex HMAC-SHA256 of the body>}, keyed with the secret's UTF-8 bytes. */
  @Deprecated
  public static String legacySignature(byte[] body, String secret) {
    Mac mac = mac(secret.getBytes(StandardCharsets.UTF_8));
    return LEGACY_PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  private static void checkId(String id) {
    if (id == null || id.isEmpty() || id.indexOf('.') >= 0) {
      throw new IllegalArgumentException("a webhook id must be non-empty, without a full stop");
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}

package io.taskforge.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys: how they are made, hashed and compared. A key is {@code tf_} and 256 random bits
 * (base64url), so a plain SHA-256 is enough to store it: there is nothing to brute-force that a
 * slow password hash would protect. Only hashes are ever stored.
 */
public final class ApiKeys {
  /** Every key starts with this, which tells an API key from a JWT in a bearer header. */
  public static final String PREFIX = "tf_";

  /** How many leading characters of a key are kept to tell keys apart ({@code tf_} and 5). */
  static final int SHOWN_PREFIX = 8;

  private static final int RANDOM_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  public static String generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Lower-case hex, as configuration and the registry hold it. */
  public static String sha256Hex(String key) {
    return HexFormat.of().formatHex(sha256(key));
  }

  /** Parses a hex SHA-256 (either case); null when it is not 64 hex digits. */
  public static byte[] parseHex(String hex) {
    if (hex == null || hex.length() != 64) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Compares two hashes in time that does not depend on where they differ. */
  public static boolean matches(byte[] presented, byte[] stored) {
    return MessageDigest.isEqual(presented, stored);
  }

  /** The key's first characters, shown in listings; never enough to use the key. */
  public static String shownPrefix(String key) {
    return key.substring(0, Math.min(SHOWN_PREFIX, key.length()));
  }
}

package io.taskforge.workflows.apikey;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One API key as the registry keeps it: never the key itself, only its SHA-256.
 *
 * @param id the key's public id, used to list and revoke it
 * @param name what the key is for, for people
 * @param tenant the tenant whose work the key sees and controls
 * @param sha256 the lower-case hex SHA-256 of the key
 * @param admin whether the key may manage API keys
 * @param prefix the key's first characters, so people can tell keys apart; not a secret
 */
public record ApiKeyEntry(
    String id,
    String name,
    String tenant,
    String sha256,
    boolean admin,
    Instant createdAt,
    String prefix) {
  public static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public ApiKeyEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(sha256, "sha256");
    if (!SHA256_HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
  }
}

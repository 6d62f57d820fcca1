package io.taskforge.app.security;

import java.time.Instant;
import java.util.List;

/** REST records of the API-key admin endpoints. */
public final class ApiKeyViews {
  private ApiKeyViews() {}

  /**
   * A new key.
   *
   * @param id its id within its tenant (letters, digits and {@code . _ : -}); {@code key-<uuid>}
   *     when left out
   * @param name what the key is for (required)
   * @param tenant the tenant it belongs to; the caller's when left out
   * @param admin whether it may manage keys; false when left out
   */
  public record CreateRequest(String id, String name, String tenant, Boolean admin) {}

  /**
   * A key, without its secret.
   *
   * @param id its id within its tenant: two tenants may have keys of the same id
   * @param source {@code api} for keys made through the API, {@code config} for configured ones
   *     (which only configuration can remove)
   * @param prefix the key's first characters, to tell keys apart; null for configured keys
   */
  public record KeyView(
      String id,
      String name,
      String tenant,
      boolean admin,
      Instant createdAt,
      String prefix,
      String source) {}

  /** A key just made: the only time its secret is shown. */
  public record CreatedKey(
      String id, String name, String tenant, boolean admin, Instant createdAt, String key) {}

  public record KeyList(List<KeyView> apiKeys) {}
}

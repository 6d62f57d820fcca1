package io.taskforge.app.security;

import java.util.Objects;

/**
 * A key the API accepts, as held in memory: its hash and what it grants.
 *
 * @param id the key's id in its tenant's space ({@code acme/config:ci}, {@code acme/key-<uuid>}; no
 *     prefix for the default tenant's): {@code config:<name>} for a configured key, the registry's
 *     id otherwise
 */
record KnownKey(String id, String name, String tenant, byte[] sha256, boolean admin) {
  KnownKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    if (sha256 == null || sha256.length != 32) {
      throw new IllegalArgumentException("a key hash is 32 bytes");
    }
  }

  /** The caller the key authenticates, named by the key's id within its tenant. */
  Caller caller() {
    return new Caller(tenant, Tenancy.apiId(tenant, id), admin, "api-key");
  }
}

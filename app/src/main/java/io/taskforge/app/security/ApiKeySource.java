package io.taskforge.app.security;

import reactor.core.publisher.Mono;

/** Where accepted keys come from: configuration, and the registry of keys made through the API. */
interface ApiKeySource {
  /** The key with this SHA-256, or empty. Compares against every key, in constant time each. */
  Mono<KnownKey> find(byte[] sha256);

  /** Scans all of {@code keys} without stopping early, so timing says nothing about a match. */
  static KnownKey match(Iterable<KnownKey> keys, byte[] sha256) {
    KnownKey found = null;
    for (KnownKey key : keys) {
      if (ApiKeys.matches(sha256, key.sha256()) && found == null) {
        found = key;
      }
    }
    return found;
  }
}

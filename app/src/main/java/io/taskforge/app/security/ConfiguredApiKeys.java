package io.taskforge.app.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The keys in configuration: the development key (when on) and {@code taskforge.security.api-keys}.
 * A malformed entry stops the start, rather than silently locking someone out.
 */
@Component
public class ConfiguredApiKeys implements ApiKeySource {
  private static final Logger log = LoggerFactory.getLogger(ConfiguredApiKeys.class);
  static final String DEV_KEY_NAME = "dev";

  private final List<KnownKey> keys;

  public ConfiguredApiKeys(SecuritySettings settings) {
    List<KnownKey> all = new ArrayList<>();
    SecuritySettings.DevKey dev = settings.devKey();
    if (dev.enabled() && dev.sha256() != null && !dev.sha256().isBlank()) {
      all.add(known(DEV_KEY_NAME, dev.tenant(), dev.sha256(), true, "taskforge.security.dev-key"));
      log.warn(
          "the development API key is on (tenant {}, admin); set TASKFORGE_DEV_KEY_ENABLED=false"
              + " outside local development",
          dev.tenant());
    }
    for (int i = 0; i < settings.apiKeys().size(); i++) {
      SecuritySettings.ConfiguredKey key = settings.apiKeys().get(i);
      String where = "taskforge.security.api-keys[" + i + "]";
      if (key.name() == null || key.name().isBlank()) {
        throw new IllegalStateException(where + ".name is required");
      }
      all.add(known(key.name(), key.tenant(), key.sha256(), key.admin(), where));
    }
    Set<String> ids = new HashSet<>();
    for (KnownKey key : all) {
      if (!ids.add(key.id())) {
        throw new IllegalStateException(
            "two configured API keys of tenant " + key.tenant() + " are named " + key.name());
      }
    }
    this.keys = List.copyOf(all);
  }

  private static KnownKey known(
      String name, String tenant, String sha256, boolean admin, String where) {
    if (tenant == null || !Tenancy.isValid(tenant)) {
      throw new IllegalStateException(
          where + ".tenant " + Tenancy.TENANT_RULE + ", not '" + tenant + "'");
    }
    byte[] hash = ApiKeys.parseHex(sha256 == null ? null : sha256.toLowerCase(Locale.ROOT));
    if (hash == null) {
      throw new IllegalStateException(where + ".sha256 must be 64 hex digits (a SHA-256)");
    }
    // Unique within the tenant, as every key id is (see ApiKeyAdmin).
    return new KnownKey(
        Tenancy.workflowId(tenant, ApiKeyAdmin.CONFIGURED_PREFIX + name),
        name,
        tenant,
        hash,
        admin);
  }

  @Override
  public Mono<KnownKey> find(byte[] sha256) {
    return Mono.justOrEmpty(ApiKeySource.match(keys, sha256));
  }

  List<KnownKey> all() {
    return keys;
  }
}

package io.taskforge.activities.webhook;

import io.taskforge.workflows.webhook.WebhookSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery ({@code taskforge.webhooks.*}).
 *
 * @param secret the HMAC secret for webhooks that name none (empty: such webhooks are refused at
 *     submission); set it through {@code TASKFORGE_WEBHOOKS_SECRET}, never in a committed file. A
 *     {@code whsec_<base64>} secret is used as the decoded bytes, any other as its UTF-8 bytes
 * @param secrets named secrets that a webhook may refer to by {@code secretRef}, so the secret
 *     itself never enters a workflow's history
 * @param connectTimeout how long to wait for the receiver to accept the connection
 * @param requestTimeout how long to wait for its answer
 */
@ConfigurationProperties("taskforge.webhooks")
public record WebhookSettings(
    @DefaultValue("") String secret,
    Map<String, String> secrets,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("20s") Duration requestTimeout) {

  public WebhookSettings {
    secret = secret == null ? "" : secret;
    secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(20) : requestTimeout;
    // A malformed whsec_ secret would fail every delivery: refuse it at start instead.
    if (!secret.isEmpty()) {
      WebhookSigner.key(secret);
    }
    secrets.values().stream().filter(s -> !s.isEmpty()).forEach(WebhookSigner::key);
  }

  public static WebhookSettings withSecret(String secret) {
    return new WebhookSettings(secret, Map.of(), null, null);
  }

  /** The secret a webhook is signed with: its reference, else its own, else the default. */
  public Optional<String> secretFor(WebhookSpec webhook) {
    if (webhook.secretRef() != null) {
      return Optional.ofNullable(secrets.get(webhook.secretRef())).filter(s -> !s.isEmpty());
    }
    if (webhook.secret() != null && !webhook.secret().isEmpty()) {
      return Optional.of(webhook.secret());
    }
    return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
  }

  public boolean hasDefaultSecret() {
    return !secret.isEmpty();
  }

  public boolean hasNamedSecret(String name) {
    return secrets.containsKey(name) && !secrets.get(name).isEmpty();
  }

  /** Never print secrets. */
  @Override
  public String toString() {
    return "WebhookSettings[secret="
        + (secret.isEmpty() ? "<none>" : "<set>")
        + ", secrets="
        + secrets.keySet()
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }
}

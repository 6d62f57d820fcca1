package io.taskforge.workflows.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * Where to POST a task's final state when it closes, and how hard to try.
 *
 * <p>The HMAC secret comes from {@code secretRef} (a name the worker resolves from its
 * configuration, {@code taskforge.webhooks.secrets.<name>}), else {@code secret} (given in the
 * request: it is then part of the workflow input and so of the workflow's history, a known
 * limitation), else the worker's default {@code taskforge.webhooks.secret}.
 *
 * @param maxAttempts delivery attempts at most (exponential backoff between them)
 * @param initialInterval the first backoff; it doubles after each failed attempt
 */
public record WebhookSpec(
    String url, String secret, String secretRef, int maxAttempts, Duration initialInterval) {
  public static final int DEFAULT_MAX_ATTEMPTS = 8;
  public static final Duration DEFAULT_INITIAL_INTERVAL = Duration.ofSeconds(5);

  public WebhookSpec {
    Objects.requireNonNull(url, "url");
    maxAttempts = maxAttempts <= 0 ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
    initialInterval = initialInterval == null ? DEFAULT_INITIAL_INTERVAL : initialInterval;
  }

  public static WebhookSpec of(String url) {
    return new WebhookSpec(url, null, null, DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_INTERVAL);
  }

  /** Never print the secret. */
  @Override
  public String toString() {
    return "WebhookSpec[url="
        + url
        + ", secretRef="
        + secretRef
        + ", maxAttempts="
        + maxAttempts
        + ", initialInterval="
        + initialInterval
        + "]";
  }
}

package io.taskforge.activities.resources;

import java.util.Locale;

/** How far past its thresholds a resource is; a later constant is the more severe. */
public enum AlertLevel {
  WARNING,
  CRITICAL;

  /** The name in metric tags, webhooks and the API: {@code warning}, {@code critical}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}

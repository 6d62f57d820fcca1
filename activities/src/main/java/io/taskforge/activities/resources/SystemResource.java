package io.taskforge.activities.resources;

import java.util.Locale;

/** What the resource monitor measures and can raise alerts on, each as a ratio from 0 to 1. */
public enum SystemResource {
  CPU,
  MEMORY,
  DISK,
  IOWAIT;

  /** The name in configuration keys, metric tags and the API: {@code cpu}, {@code iowait}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}

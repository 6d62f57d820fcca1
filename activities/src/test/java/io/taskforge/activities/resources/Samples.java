package io.taskforge.activities.resources;

import java.time.Instant;

/** Hand-made samples: every figure chosen, nothing read from the machine. */
final class Samples {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** Round totals, so that a ratio such as 0.80 comes back as exactly 0.80. */
  private static final long MEMORY_TOTAL = 100_000_000_000L;

  private static final long DISK_TOTAL = 1_000_000_000_000L;

  private Samples() {}

  /** Memory at {@code memory} at second {@code second}; everything else idle. */
  static ResourceSample memory(int second, double memory) {
    return of(second, 0.1, memory, 0.1, 0.0);
  }

  static ResourceSample cpu(int second, double cpu) {
    return of(second, cpu, 0.1, 0.1, 0.0);
  }

  static ResourceSample of(int second, double cpu, double memory, double disk, double iowait) {
    return new ResourceSample(
        T0.plusSeconds(second),
        "test-host",
        cpu,
        4,
        MEMORY_TOTAL,
        Math.round(memory * MEMORY_TOTAL),
        new ResourceSample.Disk("/data", DISK_TOTAL, Math.round(disk * DISK_TOTAL)),
        iowait,
        0.5);
  }
}

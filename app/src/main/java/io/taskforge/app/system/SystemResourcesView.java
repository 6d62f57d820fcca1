package io.taskforge.app.system;

import java.time.Instant;

/**
 * {@code GET /api/v1/system/resources}: the resource monitor's latest sample. Ratios run from 0 to
 * 1; a figure not known yet (CPU before the second sample) or not offered by the OS (load average
 * on Windows) is null.
 *
 * @param sampledAt when the sample was taken
 * @param intervalSeconds how often samples are taken
 * @param iowait the share of CPU time idle waiting for I/O since the previous sample
 * @param loadAverage the one-minute load average
 * @param worker this process's CPU worker and how its concurrency is sized, null without one
 */
public record SystemResourcesView(
    String host,
    Instant sampledAt,
    double intervalSeconds,
    Cpu cpu,
    Memory memory,
    Disk disk,
    Double iowait,
    Double loadAverage,
    WorkerConcurrencyView worker) {

  /**
   * @param usage the busy share of all cores since the previous sample
   * @param cores logical processors
   */
  public record Cpu(Double usage, int cores) {}

  /**
   * @param usedBytes physical memory not available to new work (total less available)
   */
  public record Memory(Double usage, long usedBytes, long totalBytes) {}

  /**
   * @param path the folder whose filesystem is measured (the artifact folder by default)
   * @param usedBytes space this process cannot use, blocks reserved for root included
   */
  public record Disk(Double usage, String path, long usedBytes, long totalBytes) {}
}

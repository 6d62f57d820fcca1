package io.taskforge.activities.resources;

import java.time.Instant;
import java.util.Objects;

/**
 * One reading of the machine. A figure that could not be read is {@link Double#NaN} (CPU and I/O
 * wait before a second reading, load average on Windows) or a total of 0; such a figure raises and
 * clears no alert.
 *
 * @param sampledAt when it was read
 * @param host the machine's host name
 * @param cpu the share of CPU time spent busy since the previous reading (idle and I/O wait are not
 *     busy), over all cores
 * @param cpuCount logical processors
 * @param memoryTotalBytes physical memory
 * @param memoryUsedBytes physical memory not available to new work (total less available)
 * @param disk the filesystem that holds the configured data folder
 * @param iowait the share of CPU time spent idle waiting for I/O since the previous reading
 * @param loadAverage the one-minute load average
 */
public record ResourceSample(
    Instant sampledAt,
    String host,
    double cpu,
    int cpuCount,
    long memoryTotalBytes,
    long memoryUsedBytes,
    Disk disk,
    double iowait,
    double loadAverage) {

  public ResourceSample {
    Objects.requireNonNull(sampledAt, "sampledAt");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(disk, "disk");
  }

  /**
   * The filesystem of a folder.
   *
   * @param path the folder it was read for
   * @param totalBytes the filesystem's size (0: unknown)
   * @param usedBytes the space this process cannot use (blocks reserved for root count as used)
   */
  public record Disk(String path, long totalBytes, long usedBytes) {
    public Disk {
      Objects.requireNonNull(path, "path");
    }

    public static Disk unknown(String path) {
      return new Disk(path, 0, 0);
    }

    public double usage() {
      return ratio(usedBytes, totalBytes);
    }
  }

  public double memory() {
    return ratio(memoryUsedBytes, memoryTotalBytes);
  }

  /** The figure that a resource's alerts compare with their thresholds. */
  public double usage(SystemResource resource) {
    return switch (resource) {
      case CPU -> cpu;
      case MEMORY -> memory();
      case DISK -> disk.usage();
      case IOWAIT -> iowait;
    };
  }

  private static double ratio(long part, long total) {
    return total > 0 ? (double) part / total : Double.NaN;
  }
}

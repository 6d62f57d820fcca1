package io.taskforge.activities.resources;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * Reads CPU, memory, I/O wait and load average through OSHI, and the data folder's filesystem
 * through {@link FileStore}. CPU and I/O wait are shares of the CPU ticks counted between two
 * readings, so each reading covers the whole interval since the last one rather than an instant;
 * the first reading has them unknown ({@code NaN}).
 *
 * <p>Memory is the machine's (or, where OSHI reads a container's view, the container's); in a
 * container with a memory limit but the host's {@code /proc/meminfo}, it is the host's.
 */
public final class OshiResourceSampler implements ResourceSampler {
  private static final Logger log = LoggerFactory.getLogger(OshiResourceSampler.class);

  private final CentralProcessor processor;
  private final GlobalMemory memory;
  private final int cpuCount;
  private final String host;
  private final Path diskPath;
  private final Clock clock;
  private long[] previousTicks;
  private boolean diskWarned;

  public OshiResourceSampler(Path diskPath, Clock clock) {
    HardwareAbstractionLayer hardware = new SystemInfo().getHardware();
    this.processor = hardware.getProcessor();
    this.memory = hardware.getMemory();
    this.cpuCount = processor.getLogicalProcessorCount();
    this.host = hostName();
    this.diskPath = diskPath.toAbsolutePath().normalize();
    this.clock = clock;
  }

  @Override
  public synchronized ResourceSample sample() {
    long[] ticks = processor.getSystemCpuLoadTicks();
    // The first reading has nothing to compare with: CPU and I/O wait stay unknown rather than
    // cover the busy time since the process started, which would raise a CPU alert at each start.
    long[] previous = previousTicks == null ? ticks : previousTicks;
    previousTicks = ticks;
    long total = 0;
    for (int i = 0; i < ticks.length; i++) {
      total += ticks[i] - previous[i];
    }
    long idle = delta(ticks, previous, TickType.IDLE);
    long iowait = delta(ticks, previous, TickType.IOWAIT);
    // No tick has passed since the last reading (two readings within one clock tick): unknown.
    double cpu = total > 0 ? (double) (total - idle - iowait) / total : Double.NaN;
    double iowaitShare = total > 0 ? (double) iowait / total : Double.NaN;

    long memoryTotal = memory.getTotal();
    long memoryUsed = Math.max(0, memoryTotal - memory.getAvailable());
    double load = processor.getSystemLoadAverage(1)[0];

    return new ResourceSample(
        clock.instant(),
        host,
        cpu,
        cpuCount,
        memoryTotal,
        memoryUsed,
        disk(),
        iowaitShare,
        load < 0 ? Double.NaN : load);
  }

  private static long delta(long[] ticks, long[] previous, TickType type) {
    return ticks[type.getIndex()] - previous[type.getIndex()];
  }

  private ResourceSample.Disk disk() {
    String path = diskPath.toString();
    try {
      FileStore store = Files.getFileStore(existingAncestor(diskPath));
      long total = store.getTotalSpace();
      return new ResourceSample.Disk(path, total, Math.max(0, total - store.getUsableSpace()));
    } catch (IOException | RuntimeException e) {
      if (!diskWarned) {
        diskWarned = true;
        log.warn("cannot read the filesystem of {}: {}", path, e.toString());
      }
      return ResourceSample.Disk.unknown(path);
    }
  }

  /** The data folder may not exist yet (nothing stored so far): its filesystem is its parent's. */
  private static Path existingAncestor(Path path) {
    Path current = path;
    while (current != null && !Files.exists(current)) {
      current = current.getParent();
    }
    return current == null ? path.getRoot() : current;
  }

  private static String hostName() {
    try {
      String name = new SystemInfo().getOperatingSystem().getNetworkParams().getHostName();
      if (name != null && !name.isBlank()) {
        return name;
      }
    } catch (RuntimeException e) {
      log.debug("OSHI could not read the host name", e);
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}

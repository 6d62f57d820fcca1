package io.taskforge.activities.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads this machine: checks that the figures are in range, not what they are. */
class OshiResourceSamplerTest {
  @TempDir Path dir;

  @Test
  void sample_givesRatiosBetweenZeroAndOne_andNonZeroTotals() throws Exception {
    OshiResourceSampler sampler = new OshiResourceSampler(dir, Clock.systemUTC());
    ResourceSample first = sampler.sample();
    // OSHI caches tick counts for 300 ms: readings closer together see no ticks pass.
    Thread.sleep(600);

    ResourceSample sample = sampler.sample();

    assertThat(first.cpu()).as("no earlier reading to compare with").isNaN();
    assertThat(first.iowait()).isNaN();
    assertThat(sample.host()).isNotBlank();
    assertThat(sample.cpuCount()).isPositive();
    assertThat(sample.cpu()).isBetween(0.0, 1.0);
    assertThat(sample.iowait()).isBetween(0.0, 1.0);
    assertThat(sample.memoryTotalBytes()).isPositive();
    assertThat(sample.memoryUsedBytes()).isBetween(1L, sample.memoryTotalBytes());
    assertThat(sample.memory()).isBetween(0.0, 1.0);
    assertThat(sample.disk().path()).isEqualTo(dir.toAbsolutePath().normalize().toString());
    assertThat(sample.disk().totalBytes()).isEqualTo(Files.getFileStore(dir).getTotalSpace());
    assertThat(sample.disk().usage()).isBetween(0.0, 1.0);
  }

  @Test
  void folderNotCreatedYet_isMeasuredOnItsParentsFilesystem() throws Exception {
    Path missing = dir.resolve("not/yet/there");

    ResourceSample sample = new OshiResourceSampler(missing, Clock.systemUTC()).sample();

    assertThat(sample.disk().path()).endsWith("not/yet/there");
    assertThat(sample.disk().totalBytes()).isEqualTo(Files.getFileStore(dir).getTotalSpace());
  }
}

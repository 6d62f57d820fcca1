package io.taskforge.gpuworker.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsing of nvidia-smi output saved from real machines (test resources). */
class NvidiaSmiParserTest {

  static String saved(String name) {
    try (InputStream in = NvidiaSmiParserTest.class.getResourceAsStream("/nvidia-smi/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void singleGpu_readsIndexNameMemoryAndUtilisation() {
    NvidiaSmiParser.Result result = NvidiaSmiParser.parse(saved("single-h100.txt"));

    assertThat(result.devices())
        .containsExactly(new GpuDevice(0, "NVIDIA H100 80GB HBM3", 81559L, 1L, 0));
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void fourGpus_readsEveryLineInOrder() {
    NvidiaSmiParser.Result result = NvidiaSmiParser.parse(saved("multi-a100.txt"));

    assertThat(result.devices()).extracting(GpuDevice::index).containsExactly(0, 1, 2, 3);
    assertThat(result.devices().get(0).memoryUsedMib()).isEqualTo(38012L);
    assertThat(result.devices().get(0).utilizationPercent()).isEqualTo(97);
    assertThat(result.devices().get(2).name()).isEqualTo("NVIDIA A100-SXM4-40GB");
  }

  @Test
  void malformedLines_areSkippedAndReportedWhileGoodLinesAreKept() {
    NvidiaSmiParser.Result result = NvidiaSmiParser.parse(saved("malformed.txt"));

    assertThat(result.devices()).extracting(GpuDevice::index).containsExactly(0, 3);
    assertThat(result.problems()).hasSize(4);
    assertThat(result.problems())
        .anySatisfy(p -> assertThat(p).contains("line 2").contains("expected 5 fields"))
        .anySatisfy(p -> assertThat(p).contains("line 4").contains("index is not a number"))
        .anySatisfy(p -> assertThat(p).contains("line 5").contains("memory.total"));
  }

  @Test
  void notAvailableValues_becomeUnknownAndNamesMayContainCommas() {
    NvidiaSmiParser.Result result = NvidiaSmiParser.parse(saved("na-values.txt"));

    assertThat(result.devices())
        .containsExactly(
            new GpuDevice(0, "NVIDIA GeForce RTX 4090", 24564L, null, null),
            new GpuDevice(1, "Quadro RTX 8000, Rev. B", 49152L, 100L, 5));
  }

  @Test
  void emptyOrMissingOutput_meansNoDevices() {
    assertThat(NvidiaSmiParser.parse("").devices()).isEmpty();
    assertThat(NvidiaSmiParser.parse(null).devices()).isEmpty();
  }
}

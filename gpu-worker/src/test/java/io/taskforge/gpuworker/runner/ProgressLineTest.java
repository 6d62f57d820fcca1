package io.taskforge.gpuworker.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressLineTest {
  @Test
  void progressLines_giveAPercentAndAMessage() {
    assertThat(ProgressLine.parse("PROGRESS 42 denoising step 12/30"))
        .contains(new ProgressLine(42, "denoising step 12/30"));
    assertThat(ProgressLine.parse("PROGRESS 12.5")).contains(new ProgressLine(12.5, ""));
    assertThat(ProgressLine.parse("PROGRESS 250 over")).contains(new ProgressLine(100, "over"));
  }

  @Test
  void otherLines_areNotProgress() {
    assertThat(ProgressLine.parse("{\"PROGRESS\": 1}")).isEmpty();
    assertThat(ProgressLine.parse("PROGRESS about half")).isEmpty();
    assertThat(ProgressLine.parse("progress 10")).isEmpty();
  }
}

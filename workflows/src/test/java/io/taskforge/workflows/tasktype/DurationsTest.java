package io.taskforge.workflows.tasktype;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "5m, PT5M",
    "2h, PT2H",
    "1d, PT24H",
    "0s, PT0S",
    "' 30s ', PT30S",
    "PT1M30S, PT1M30S",
    "P1D, PT24H",
    "pt10s, PT10S"
  })
  void shortOrIsoForm_parses(String text, Duration expected) {
    assertThat(Durations.parse(text)).contains(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "10", "10x", "1.5s", "5M", "-5s", "PT-1S", "s", "1 s", "1h30m"})
  void missingMalformedOrNegative_isEmpty(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }
}

package io.taskforge.workflows.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.Replays;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays recorded histories (see {@link RecordHistories}) against the current {@link
 * TaskWorkflowImpl}, so a change that would break running task workflows fails the build.
 */
class TaskWorkflowReplayTest {

  @ParameterizedTest
  @MethodSource("histories")
  void recordedHistory_replaysWithoutNondeterminism(String history) throws Exception {
    String json =
        new String(
            getClass().getResourceAsStream("/histories/" + history).readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    Replays.replay(WorkflowExecutionHistory.fromJson(json), TaskWorkflowImpl.class);
  }

  @Test
  void recordedHistories_coverEveryWayATaskEnds() throws Exception {
    assertThat(histories())
        .contains(
            "completed.json",
            "failed-after-retries.json",
            "cancelled-running.json",
            "manual-start.json",
            "start-at.json",
            "queue-timeout.json");
  }

  static List<String> histories() throws IOException, URISyntaxException {
    Path folder = Path.of(TaskWorkflowReplayTest.class.getResource("/histories").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".json"))
          .sorted()
          .toList();
    }
  }
}

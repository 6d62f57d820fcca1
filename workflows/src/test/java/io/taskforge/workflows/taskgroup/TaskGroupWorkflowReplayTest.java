package io.taskforge.workflows.taskgroup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.Replays;
import io.taskforge.workflows.expansion.ExpansionWorkflowImpl;
import io.taskforge.workflows.task.TaskWorkflowImpl;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays recorded group and expansion histories (see {@link RecordGroupHistories}) against the
 * current {@link TaskGroupWorkflowImpl} and {@link ExpansionWorkflowImpl}, so a change that would
 * break running groups or expansions fails the build.
 */
class TaskGroupWorkflowReplayTest {

  @ParameterizedTest
  @MethodSource("histories")
  void recordedHistory_replaysWithoutNondeterminism(String file) throws Exception {
    String workflowId = RecordGroupHistories.workflowIds().get(file);
    assertThat(workflowId).as("workflow id of %s", file).isNotNull();
    String json = new String(resource("/histories/taskgroup/" + file).readAllBytes(), UTF_8);

    Replays.replay(
        WorkflowExecutionHistory.fromJson(json, workflowId),
        TaskGroupWorkflowImpl.class,
        ExpansionWorkflowImpl.class,
        TaskWorkflowImpl.class);
  }

  @Test
  void recordedHistories_coverEveryWayAGroupEndsAndBothExpansionLevels() throws Exception {
    assertThat(histories())
        .containsExactlyInAnyOrderElementsOf(RecordGroupHistories.workflowIds().keySet());
  }

  private static InputStream resource(String name) {
    InputStream stream = TaskGroupWorkflowReplayTest.class.getResourceAsStream(name);
    assertThat(stream).as(name).isNotNull();
    return stream;
  }

  static List<String> histories() throws IOException, URISyntaxException {
    Path folder =
        Path.of(TaskGroupWorkflowReplayTest.class.getResource("/histories/taskgroup").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".json"))
          .sorted()
          .toList();
    }
  }
}

package io.taskforge.workflows.agency;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.Replays;
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
 * Replays recorded agency histories (see {@link RecordAgencyHistories}) against the current {@link
 * AgencyWorkflowImpl}, so a change that would break running agencies fails the build.
 */
class AgencyWorkflowReplayTest {

  @ParameterizedTest
  @MethodSource("histories")
  void recordedHistory_replaysWithoutNondeterminism(String file) throws Exception {
    String workflowId = RecordAgencyHistories.workflowIds().get(file);
    assertThat(workflowId).as("workflow id of %s", file).isNotNull();
    String json = new String(resource("/histories/agency/" + file).readAllBytes(), UTF_8);

    Replays.replay(WorkflowExecutionHistory.fromJson(json, workflowId), AgencyWorkflowImpl.class);
  }

  @Test
  void recordedHistories_coverCompletionConflictCancelAndContinueAsNew() throws Exception {
    assertThat(histories())
        .containsExactlyInAnyOrderElementsOf(RecordAgencyHistories.workflowIds().keySet());
  }

  private static InputStream resource(String name) {
    InputStream stream = AgencyWorkflowReplayTest.class.getResourceAsStream(name);
    assertThat(stream).as(name).isNotNull();
    return stream;
  }

  static List<String> histories() throws IOException, URISyntaxException {
    Path folder = Path.of(AgencyWorkflowReplayTest.class.getResource("/histories/agency").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".json"))
          .sorted()
          .toList();
    }
  }
}

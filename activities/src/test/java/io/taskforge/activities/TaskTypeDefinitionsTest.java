package io.taskforge.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.activities.breaker.TestBreakers;
import io.taskforge.activities.document.DocumentProcessingHandler;
import io.taskforge.activities.egress.TestEgress;
import io.taskforge.activities.export.DataExportHandler;
import io.taskforge.activities.http.HttpRequestHandler;
import io.taskforge.activities.report.ReportGenerationHandler;
import io.taskforge.activities.sleep.SleepHandler;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.tasktype.ParamError;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskTypeDefinitionsTest {

  static Stream<Arguments> handlersWithMinimalParams() {
    return Stream.of(
        Arguments.of(
            new HttpRequestHandler(TestEgress.loopbackAllowed(), TestBreakers.defaults()),
            Map.of("url", "https://example.com/")),
        Arguments.of(
            new DocumentProcessingHandler(TestEgress.loopbackAllowed()),
            Map.of("text", "Some text.")),
        Arguments.of(new ReportGenerationHandler(), Map.of("title", "Report")),
        Arguments.of(new DataExportHandler(), Map.of("rows", List.of(Map.of("a", 1)))),
        Arguments.of(new SleepHandler(), Map.of()));
  }

  @ParameterizedTest
  @MethodSource("handlersWithMinimalParams")
  void minimalParamsWithDefaults_areValid(TaskHandler handler, Map<String, Object> params) {
    TaskTypeDefinition definition = handler.definition();

    assertThat(definition.validate(definition.withDefaults(params))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("handlersWithMinimalParams")
  void definition_isDocumentedAndRunsOnTheDefaultQueue(
      TaskHandler handler, Map<String, Object> params) {
    TaskTypeDefinition definition = handler.definition();

    assertThat(definition.taskQueue()).isEqualTo(TaskQueues.DEFAULT);
    assertThat(definition.description()).isNotBlank().endsWith(".");
    assertThat(definition.params()).extracting(ParamSpec::description).allMatch(d -> !d.isBlank());
    // Every required param is named; a type's rules may add errors of their own (such as
    // document_processing's text-or-url).
    assertThat(definition.validate(Map.of())).containsAll(expectedMissing(definition));
  }

  private static List<ParamError> expectedMissing(TaskTypeDefinition definition) {
    return definition.params().stream()
        .filter(ParamSpec::required)
        .map(spec -> new ParamError("params." + spec.name(), "is required"))
        .toList();
  }
}

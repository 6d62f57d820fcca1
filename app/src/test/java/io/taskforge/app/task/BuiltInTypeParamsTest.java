package io.taskforge.app.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.document.DocumentProcessingHandler;
import io.taskforge.activities.export.DataExportHandler;
import io.taskforge.activities.http.HttpRequestHandler;
import io.taskforge.activities.report.ReportGenerationHandler;
import io.taskforge.activities.sleep.SleepHandler;
import io.taskforge.activities.webhook.WebhookSettings;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.support.SliceEgress;
import io.taskforge.app.tasktype.TaskTypeRegistry;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.workflows.gpu.GpuTaskTypes;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/**
 * The built-in task types' parameters are checked together, with their defaults, at submission:
 * what would fail when the task runs is a 422 naming the field, and what the defaults can make
 * work, works.
 */
class BuiltInTypeParamsTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  private final TaskRequestValidator validator = validator(Duration.ofDays(365));

  @Test
  void smallChunkSize_getsAnOverlapThatFits() {
    TaskRequestValidator.ValidTask task =
        validator.validate(
            task("document_processing", Map.of("text", "x", "chunkSize", 60)), "default");
    assertThat(task.input().params()).containsEntry("chunkSize", 60).containsEntry("overlap", 6);
    assertThat(
            validator
                .validate(task("document_processing", Map.of("text", "x")), "default")
                .input()
                .params())
        .containsEntry("overlap", 100);
  }

  @Test
  void overlapNotBelowChunkSize_is422NamingOverlap() {
    assertThat(
            fields(
                task("document_processing", Map.of("text", "x", "chunkSize", 60, "overlap", 60))))
        .containsExactly("params.overlap");
  }

  @Test
  void documentWithNeitherOrBothTextAndUrl_is422() {
    assertThat(fields(task("document_processing", Map.of()))).containsExactly("params.text");
    assertThat(
            fields(
                task(
                    "document_processing", Map.of("text", "x", "url", "https://example.test/doc"))))
        .containsExactly("params.url");
  }

  @Test
  void durationsBeyondTheMaximum_are422NamingTheField() {
    assertThat(fields(task("sleep", Map.of("duration", "10000d")))).contains("params.duration");
    SubmitTaskRequest request =
        new SubmitTaskRequest(
            null,
            "sleep",
            null,
            null,
            null,
            Map.of(),
            null,
            new SubmitTaskRequest.Retry(null, "400d", null, null, null),
            new SubmitTaskRequest.Timeouts("400d", null, null, null),
            null,
            null,
            null,
            null);
    assertThat(fields(request)).contains("retry.initialInterval", "timeouts.execution");
    assertThat(fields(task("sleep", Map.of("duration", "30d")), validator(Duration.ofDays(7))))
        .contains("params.duration");
  }

  @Test
  void startAtTooFarAhead_is422NamingStartAt() {
    assertThat(fields(withStartAt("9999-12-31T00:00:00Z"))).containsExactly("startAt");
    assertThat(fields(withStartAt("2027-06-02T00:00:00Z"))).containsExactly("startAt");
    assertThat(validator.validate(withStartAt("2027-05-31T00:00:00Z"), "default").input().startAt())
        .isEqualTo(Instant.parse("2027-05-31T00:00:00Z"));
  }

  @Test
  void httpTimeoutAndHeaders_areCheckedAsTheClientWould() {
    assertThat(fields(task("http_request", Map.of("url", "https://example.test", "timeout", "0s"))))
        .containsExactly("params.timeout");
    assertThat(
            fields(
                task(
                    "http_request",
                    Map.of(
                        "url",
                        "https://example.test",
                        "headers",
                        Map.of("Host", "elsewhere", "X-Count", 3, "X-Ok", "fine")))))
        .containsExactlyInAnyOrder("params.headers.Host", "params.headers.X-Count");
  }

  @Test
  void exportAndReportShapes_areCheckedAtSubmission() {
    assertThat(fields(task("data_export", Map.of("rows", List.of(Map.of("a", 1), 5)))))
        .containsExactly("params.rows[1]");
    assertThat(
            fields(
                task(
                    "data_export",
                    Map.of("rows", List.of(), "columns", List.of("a", "a"), "fileName", "../x"))))
        .containsExactlyInAnyOrder("params.columns[1]", "params.fileName");
    assertThat(
            fields(
                task(
                    "report_generation",
                    Map.of("title", "T", "sections", List.of(Map.of("text", "no heading"))))))
        .containsExactly("params.sections[0].heading");
  }

  @Test
  void shapesHoldingTemplates_areLeftToTheRun() {
    assertThat(
            fields(
                task(
                    "data_export",
                    Map.of("rows", List.of("{{tasks.a.output}}", Map.of("a", "{{item}}"))))))
        .isEmpty();
  }

  @Test
  void llmWithoutPromptOrMessages_is422() {
    assertThat(fields(task("llm_inference", Map.of()))).containsExactly("params.prompt");
    assertThat(fields(task("llm_inference", Map.of("messages", List.of(Map.of("role", "user"))))))
        .containsExactly("params.messages[0]");
    assertThat(fields(task("llm_inference", Map.of("prompt", "hi")))).isEmpty();
  }

  private List<String> fields(SubmitTaskRequest request) {
    return fields(request, validator);
  }

  private static List<String> fields(SubmitTaskRequest request, TaskRequestValidator validator) {
    try {
      validator.validate(request, "default");
      return List.of();
    } catch (ErrorResponseException e) {
      assertThat(e.getStatusCode().value()).isEqualTo(422);
      @SuppressWarnings("unchecked")
      List<FieldProblem> errors = (List<FieldProblem>) e.getBody().getProperties().get("errors");
      return errors.stream().map(FieldProblem::field).toList();
    }
  }

  private static SubmitTaskRequest task(String type, Map<String, Object> params) {
    return new SubmitTaskRequest(
        null,
        type,
        null,
        null,
        null,
        new LinkedHashMap<>(params),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static SubmitTaskRequest withStartAt(String startAt) {
    return new SubmitTaskRequest(
        null, "sleep", null, null, null, Map.of(), null, null, null, null, startAt, null, null);
  }

  private static TaskRequestValidator validator(Duration maxDuration) {
    List<TaskHandler> handlers =
        List.of(
            new DocumentProcessingHandler(null),
            new SleepHandler(),
            new HttpRequestHandler(null, null),
            new DataExportHandler(),
            new ReportGenerationHandler());
    StaticListableBeanFactory remote = new StaticListableBeanFactory();
    remote.addBean("llm", GpuTaskTypes.LLM_INFERENCE);
    TaskTypeRegistry registry =
        new TaskTypeRegistry(handlers, remote.getBeanProvider(TaskTypeDefinition.class));
    return new TaskRequestValidator(
        registry,
        new WorkerSettings(true, "taskforge", 16, 50),
        WebhookSettings.withSecret(""),
        new ApiSettings(
            Duration.ofSeconds(5),
            DataSize.ofMegabytes(1),
            Duration.ofSeconds(5),
            maxDuration,
            Duration.ofDays(365),
            Duration.ofSeconds(2)),
        SliceEgress.submittedUrls(),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void noBody_is422() {
    assertThatThrownBy(() -> validator.validate(null, "default"))
        .isInstanceOf(ErrorResponseException.class);
  }
}

package io.taskforge.app.tasktype;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.workflows.tasktype.ParamError;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.taskforge.workflows.worker.AnnouncedTaskType;
import io.taskforge.workflows.worker.WorkerEntry;
import io.taskforge.workflows.worker.WorkerRegistryWorkflow;
import io.taskforge.workflows.worker.WorkerReport;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the app makes of a Python worker's report: the report as the Python package writes it (its
 * contract fixture, which the package's own tests check it still writes), decoded the way Temporal
 * decodes the registry's signal, then turned into a definition that submissions are validated with.
 */
class AnnouncedTaskTypesTest {
  private static final Path CONTRACT =
      Path.of("../workers/python/tests/contract/worker-report.json");
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:03Z");

  private final DataConverter converter = DefaultDataConverter.newDefaultInstance();
  private final AnnouncedTaskTypes types =
      new AnnouncedTaskTypes(
          null, new WorkerSettings(true, "taskforge", 16, 50), Duration.ofSeconds(2));

  @Test
  void pythonWorker_reportsToTheRegistryTheJavaSideReads() throws IOException {
    String source = Files.readString(Path.of("../workers/python/src/taskforge_worker/registry.py"));

    assertThat(source).contains("REGISTRY_WORKFLOW_ID = \"" + WorkerRegistryWorkflow.ID + "\"");
  }

  @Test
  void pythonReport_decodesWithItsAnnouncedTypes() throws IOException {
    WorkerReport report = pythonReport();

    assertThat(report.workerId()).isEqualTo("py-1");
    assertThat(report.unhealthyAfter()).isEqualTo(Duration.ofSeconds(15));
    AnnouncedTaskType announced = report.announcedTypes().getFirst();
    assertThat(announced.name()).isEqualTo("summarize");
    assertThat(announced.queue()).isEqualTo("python");
    assertThat(announced.defaultRetry().maximumAttempts()).isEqualTo(5);
    assertThat(announced.defaultRetry().initialInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(announced.defaultRetry().nonRetryableErrorTypes()).containsExactly("ValueError");
    assertThat(announced.defaultTimeouts().execution()).isEqualTo(Duration.ofMinutes(10));
    assertThat(announced.defaultTimeouts().heartbeat()).isEqualTo(Duration.ofSeconds(20));
    assertThat(announced.defaultTimeouts().queue()).isNull();
  }

  @Test
  void announcedType_isRoutedToItsQueue_andValidatedByItsSchema() throws IOException {
    TaskTypeDefinition summarize =
        types
            .from(List.of(new WorkerEntry(pythonReport(), NOW, true)))
            .get("summarize")
            .definition();

    assertThat(summarize.taskQueue()).isEqualTo("python");
    assertThat(summarize.validate(Map.of("limit", 50, "style", "haiku", "extra", true)))
        .containsExactlyInAnyOrder(
            new ParamError("params.extra", "unknown parameter for type summarize"),
            new ParamError("params.text", "is required"),
            new ParamError("params.limit", "must be at most 20"),
            new ParamError("params.style", "must be one of [bullet, prose]"));
    assertThat(summarize.validate(Map.of("text", "hi", "colour", "green")))
        .containsExactly(new ParamError("params.colour", "must be one of [red, blue]"));
    assertThat(summarize.validate(Map.of("text", 7)))
        .containsExactly(new ParamError("params.text", "must be of type string"));
    assertThat(summarize.withDefaults(Map.of("text", "hi")))
        .containsEntry("limit", 3)
        .containsEntry("style", "prose")
        .containsEntry("colour", "red")
        .doesNotContainKey("note");
  }

  @Test
  void typeOfAWorkerThatIsGone_isKnownButUnavailable() throws IOException {
    WorkerReport report = pythonReport();

    var gone = types.from(List.of(new WorkerEntry(report, NOW, false))).get("summarize");
    var served =
        types
            .from(
                List.of(
                    new WorkerEntry(report, NOW, false),
                    new WorkerEntry(renamed(report, "py-2"), NOW.minusSeconds(1), true)))
            .get("summarize");

    assertThat(gone.available()).isFalse();
    assertThat(served.available()).isTrue();
    assertThat(served.workers()).containsExactly("py-1", "py-2");
  }

  @Test
  void announcementOfABuiltInName_orOnTheJavaWorkersQueue_isIgnored() throws IOException {
    WorkerReport report = pythonReport();
    types.reserve(Set.of("summarize"));
    assertThat(types.from(List.of(new WorkerEntry(report, NOW, true)))).isEmpty();

    types.reserve(Set.of());
    AnnouncedTaskType onJavaQueue = report.announcedTypes().getFirst();
    WorkerReport sneaky =
        withTypes(
            report,
            new AnnouncedTaskType(
                "sneaky",
                "",
                "taskforge",
                Map.of(),
                onJavaQueue.defaultRetry(),
                onJavaQueue.defaultTimeouts(),
                "python"));
    assertThat(types.from(List.of(new WorkerEntry(sneaky, NOW, true)))).isEmpty();
  }

  private WorkerReport pythonReport() throws IOException {
    Payload template = converter.toPayload(Map.of()).orElseThrow();
    Payload payload =
        template.toBuilder()
            .setData(ByteString.copyFrom(Files.readString(CONTRACT), StandardCharsets.UTF_8))
            .build();
    return converter.fromPayload(payload, WorkerReport.class, WorkerReport.class);
  }

  private static WorkerReport renamed(WorkerReport r, String workerId) {
    return copy(r, workerId, r.announcedTypes());
  }

  private static WorkerReport withTypes(WorkerReport r, AnnouncedTaskType... announced) {
    return copy(r, r.workerId(), List.of(announced));
  }

  private static WorkerReport copy(
      WorkerReport r, String workerId, List<AnnouncedTaskType> announced) {
    return new WorkerReport(
        workerId,
        r.host(),
        r.queue(),
        r.sharedQueue(),
        r.mode(),
        r.gpus(),
        r.slotsTotal(),
        r.slotsBusy(),
        r.tasksRunning(),
        r.tasksCompleted(),
        r.tasksFailed(),
        r.warmModels(),
        r.taskTypes(),
        r.startedAt(),
        r.reportedAt(),
        r.unhealthyAfter(),
        r.stopping(),
        r.circuitBreakers(),
        announced);
  }
}

package io.taskforge.activities.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskforge.activities.LocalHttpServer;
import io.taskforge.activities.TestTaskContext;
import io.taskforge.activities.egress.TestEgress;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentProcessingHandlerTest {
  private static final String DOCUMENT =
      "Taskforge runs tasks.\r\nIt retries them.\r\n\r\n\r\n\r\nWorkers   heartbeat.  Cancels"
          + " reach the handler.\r\n";

  private final DocumentProcessingHandler handler =
      new DocumentProcessingHandler(TestEgress.loopbackAllowed());
  private LocalHttpServer server;
  private TestTaskContext context;

  @BeforeEach
  void setUp(@TempDir Path artifacts) {
    server =
        new LocalHttpServer()
            .fixed("/doc.txt", 200, "text/plain; charset=utf-8", DOCUMENT)
            .fixed("/missing", 404, "text/plain", "no such document")
            .fixed("/image.png", 200, "image/png", "\u0089PNG");
    context = TestTaskContext.firstAttempt(artifacts);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void documentFromUrl_isNormalisedChunkedAndCounted() throws Exception {
    TaskOutput output =
        handler.handle(
            input(Map.of("url", server.url("/doc.txt"), "chunkSize", 50, "overlap", 0)), context);

    assertThat(chunkTexts(output))
        .containsExactly(
            "Taskforge runs tasks.\nIt retries them.",
            "Workers heartbeat. Cancels reach the handler.");
    Map<?, ?> stats = (Map<?, ?>) output.data().get("statistics");
    assertThat(stats.get("words")).isEqualTo(12);
    assertThat(stats.get("sentences")).isEqualTo(4);
    assertThat(stats.get("paragraphs")).isEqualTo(2);
    assertThat(stats.get("chunks")).isEqualTo(2);
    assertThat(context.progress().getLast().percent()).isEqualTo(100);
  }

  @Test
  void chunkOffsets_pointIntoTheNormalisedText() throws Exception {
    TaskOutput output =
        handler.handle(input(Map.of("text", DOCUMENT, "chunkSize", 50, "overlap", 20)), context);

    String normalized = TextChunker.normalize(DOCUMENT);
    for (Object chunk : (List<?>) output.data().get("chunks")) {
      Map<?, ?> fields = (Map<?, ?>) chunk;
      assertThat(fields.get("text"))
          .isEqualTo(normalized.substring((int) fields.get("start"), (int) fields.get("end")));
    }
  }

  @Test
  void numbersAsDoubles_areAccepted() throws Exception {
    TaskOutput output =
        handler.handle(input(Map.of("text", DOCUMENT, "chunkSize", 500.0, "overlap", 0L)), context);

    assertThat(chunkTexts(output)).hasSize(1);
  }

  @Test
  void bothTextAndUrl_failsAsInvalidParams() {
    assertInvalid(Map.of("text", "x", "url", server.url("/doc.txt")));
  }

  @Test
  void neitherTextNorUrl_failsAsInvalidParams() {
    assertInvalid(Map.of());
  }

  @Test
  void smallChunkSizeWithoutOverlap_chunksWithATenthAsOverlap() throws Exception {
    assertThat(handler.definition().withDefaults(Map.of("text", "x", "chunkSize", 60)))
        .containsEntry("overlap", 6);
    TaskOutput output = handler.handle(input(Map.of("text", DOCUMENT, "chunkSize", 60)), context);
    assertThat(chunkTexts(output)).isNotEmpty();
  }

  @Test
  void templatedChunkSize_leavesTheOverlapToTheRun_whichDerivesIt() throws Exception {
    Map<String, Object> submitted =
        handler.definition().withDefaults(Map.of("text", DOCUMENT, "chunkSize", "{{item}}"));
    assertThat(submitted).doesNotContainKey("overlap");
    Map<String, Object> rendered = new HashMap<>(submitted);
    rendered.put("chunkSize", 60); // as the group renders it when the task runs
    TaskOutput output =
        handler.handle(new TaskActivityInput("task-1", "document_processing", rendered), context);
    assertThat(chunkTexts(output)).isNotEmpty();
  }

  @Test
  void overlapNotBelowChunkSize_failsAsInvalidParams() {
    assertInvalid(Map.of("text", "x", "chunkSize", 100, "overlap", 100));
  }

  @Test
  void urlThatIsNotHttp_isRefusedBeforeAnyConnection() {
    assertThatThrownBy(() -> handler.handle(input(Map.of("url", "file:///etc/passwd")), context))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
              assertThat(failure.getOriginalMessage()).contains("params.url");
              assertThat(failure.isNonRetryable()).isTrue();
            });
  }

  @Test
  void binaryDocument_failsAsInvalidParams() {
    assertInvalid(Map.of("url", server.url("/image.png")));
  }

  @Test
  void missingDocument_failsAsRemoteRejectedWithoutRetry() {
    assertThatThrownBy(() -> handler.handle(input(Map.of("url", server.url("/missing"))), context))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureTypes.REMOTE_REJECTED);
              assertThat(failure.isNonRetryable()).isTrue();
            });
  }

  private void assertInvalid(Map<String, Object> params) {
    assertThatThrownBy(() -> handler.handle(input(params), context))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
              assertThat(failure.isNonRetryable()).isTrue();
            });
  }

  private TaskActivityInput input(Map<String, Object> params) {
    Map<String, Object> withDefaults = new HashMap<>(handler.definition().withDefaults(params));
    return new TaskActivityInput("task-1", "document_processing", withDefaults);
  }

  private static List<Object> chunkTexts(TaskOutput output) {
    return ((List<?>) output.data().get("chunks"))
        .stream().<Object>map(chunk -> ((Map<?, ?>) chunk).get("text")).toList();
  }
}

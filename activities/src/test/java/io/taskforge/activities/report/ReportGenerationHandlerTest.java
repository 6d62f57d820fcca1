package io.taskforge.activities.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.taskforge.activities.TestTaskContext;
import io.taskforge.workflows.task.ArtifactRef;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportGenerationHandlerTest {
  private final ReportGenerationHandler handler = new ReportGenerationHandler();
  private TestTaskContext context;

  @BeforeEach
  void setUp(@TempDir Path artifacts) {
    context = TestTaskContext.firstAttempt(artifacts);
  }

  @Test
  void report_isAPdfWithTitleSectionsTableAndPageNumbers() throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    IntStream.rangeClosed(1, 80).forEach(i -> rows.add(List.of("Region " + i, i * 1000, 2.5)));
    Map<String, Object> params =
        Map.of(
            "title", "Quarterly Operations Review",
            "subtitle", "Third quarter",
            "author", "Ops Team",
            "fileName", "q3-review.pdf",
            "sections",
                List.of(
                    Map.of(
                        "heading", "Summary",
                        "text", "Throughput grew.\n\nLatency fell by a third.",
                        "bullets", List.of("Fewer retries", "No lost tasks")),
                    Map.of(
                        "heading",
                        "Regions",
                        "table",
                        Map.of("columns", List.of("Region", "Tasks", "Ratio"), "rows", rows))));

    TaskOutput output = handler.handle(input(params), context);

    ArtifactRef artifact = output.artifacts().getFirst();
    Path file = context.store().find("task-1", "q3-review.pdf").orElseThrow();
    byte[] bytes = Files.readAllBytes(file);
    assertThat(artifact.contentType()).isEqualTo("application/pdf");
    assertThat(artifact.sizeBytes()).isEqualTo(bytes.length);
    assertThat(artifact.sha256()).isEqualTo(sha256(bytes));
    assertThat(output.data().get("artifact"))
        .asInstanceOf(MAP)
        .containsEntry("name", "q3-review.pdf")
        .containsEntry("sha256", artifact.sha256())
        .containsEntry("sizeBytes", (long) bytes.length);
    assertThat(output.data().get("sections")).isEqualTo(2);

    try (PDDocument pdf = Loader.loadPDF(bytes)) {
      String text = new PDFTextStripper().getText(pdf);
      int pages = pdf.getNumberOfPages();
      assertThat(pages).isGreaterThan(2).isEqualTo(output.data().get("pages"));
      assertThat(text)
          .contains("Quarterly Operations Review", "Third quarter", "Author: Ops Team")
          .contains("1. Summary", "Latency fell by a third.", "Fewer retries")
          .contains("2. Regions", "Region 1 1000 2.5", "Region 80 80000 2.5")
          .contains("Page 1 of " + pages, "Page " + pages + " of " + pages)
          .contains("Generated ");
      assertThat(pdf.getDocumentInformation().getTitle()).isEqualTo("Quarterly Operations Review");
    }
  }

  @Test
  void titleOnly_isAOnePageReport() throws Exception {
    TaskOutput output = handler.handle(input(Map.of("title", "Empty")), context);

    assertThat(output.data().get("pages")).isEqualTo(1);
    assertThat(output.artifacts().getFirst().name()).isEqualTo("report.pdf");
  }

  @Test
  void unsafeFileName_failsAsInvalidParams() {
    assertInvalid(Map.of("title", "T", "fileName", "../escape.pdf"));
  }

  @Test
  void tableRowWiderThanColumns_failsAsInvalidParams() {
    Map<String, Object> table = Map.of("columns", List.of("a"), "rows", List.of(List.of(1, 2)));
    assertInvalid(
        Map.of("title", "T", "sections", List.of(Map.of("heading", "H", "table", table))));
  }

  @Test
  void sectionWithoutHeading_failsAsInvalidParams() {
    assertInvalid(Map.of("title", "T", "sections", List.of(Map.of("text", "orphan"))));
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
    return new TaskActivityInput(
        "task-1", "report_generation", handler.definition().withDefaults(params));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}

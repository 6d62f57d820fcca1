package io.taskforge.activities.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.TestTaskContext;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataExportHandlerTest {
  private final DataExportHandler handler = new DataExportHandler();
  private TestTaskContext context;

  @BeforeEach
  void setUp(@TempDir Path artifacts) {
    context = TestTaskContext.firstAttempt(artifacts);
  }

  @Test
  void csv_quotesCommasQuotesAndLineBreaks() throws Exception {
    Map<String, Object> second = new HashMap<>();
    second.put("name", "say \"hi\"");
    second.put("note", null);
    List<Object> rows =
        List.of(
            row("name", "plain", "note", "a, b"),
            second,
            row("name", "two\nlines", "note", "cr\rhere", "extra", 1.5e10),
            row("name", " padded ", "extra", Map.of("k", List.of(1, "x"))));

    TaskOutput output = handler.handle(input(Map.of("rows", rows)), context);

    assertThat(file("export.csv"))
        .isEqualTo(
            "name,note,extra\r\n"
                + "plain,\"a, b\",\r\n"
                + "\"say \"\"hi\"\"\",,\r\n"
                + "\"two\nlines\",\"cr\rhere\",15000000000\r\n"
                + " padded ,,\"{\"\"k\"\":[1,\"\"x\"\"]}\"\r\n");
    assertThat(output.data().get("rows")).isEqualTo(4);
    assertThat(output.data().get("columns")).isEqualTo(List.of("name", "note", "extra"));
    assertThat(output.artifacts().getFirst().contentType()).startsWith("text/csv");
  }

  @Test
  void csvWithColumns_writesOnlyThoseInThatOrder() throws Exception {
    List<Object> rows = List.of(row("a", 1, "b", 2, "c", 3), row("c", 30, "a", 10));

    handler.handle(
        input(Map.of("rows", rows, "columns", List.of("c", "a"), "fileName", "picked.csv")),
        context);

    assertThat(file("picked.csv")).isEqualTo("c,a\r\n3,1\r\n30,10\r\n");
  }

  @Test
  void jsonLines_roundTripEveryRow() throws Exception {
    List<Object> rows =
        List.of(
            row("id", 1, "tags", List.of("a", "b"), "meta", Map.of("ok", true)),
            row("id", 2, "text", "line\nbreak \"quoted\" ünïcode"));

    TaskOutput output = handler.handle(input(Map.of("rows", rows, "format", "jsonl")), context);

    String content = file("export.jsonl");
    ObjectMapper json = new ObjectMapper();
    List<Object> read =
        Arrays.stream(content.split("\n")).map(line -> readJson(json, line)).toList();
    assertThat(read).isEqualTo(rows);
    assertThat(content).endsWith("\n").hasLineCount(2);
    assertThat(output.artifacts().getFirst().name()).isEqualTo("export.jsonl");
  }

  @Test
  void rowThatIsNotAnObject_failsAsInvalidParams() {
    assertInvalid(Map.of("rows", List.of(row("a", 1), "oops")));
  }

  @Test
  void unsafeFileName_failsAsInvalidParams() {
    assertInvalid(Map.of("rows", List.of(), "fileName", "a/b.csv"));
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

  private String file(String name) throws Exception {
    Path path = context.store().find("task-1", name).orElseThrow();
    return Files.readString(path, StandardCharsets.UTF_8);
  }

  private TaskActivityInput input(Map<String, Object> params) {
    return new TaskActivityInput(
        "task-1", "data_export", handler.definition().withDefaults(params));
  }

  /** A row whose keys keep the order given, as rows parsed from JSON do. */
  private static Map<String, Object> row(Object... keysAndValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      row.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return row;
  }

  private static Object readJson(ObjectMapper json, String line) {
    try {
      return json.readValue(line, Object.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.taskforge.activities.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.TaskContext;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.ArtifactRef;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.InvalidParamException;
import io.taskforge.workflows.tasktype.ParamError;
import io.taskforge.workflows.tasktype.ParamRules;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.temporal.failure.ApplicationFailure;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The {@code data_export} task type: writes rows of objects as a CSV or JSON Lines artifact. */
@Component
public class DataExportHandler implements TaskHandler {
  private static final int PROGRESS_EVERY_ROWS = 1000;

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private static final TaskTypeDefinition DEFINITION =
      new TaskTypeDefinition(
          "data_export",
          "Writes rows of JSON objects to a CSV (RFC 4180) or JSON Lines file stored as an"
              + " artifact.",
          TaskQueues.DEFAULT,
          List.of(
              ParamSpec.required("rows", ParamType.ARRAY, "The rows to export, each an object."),
              ParamSpec.optional("format", ParamType.STRING, "csv", "The file format.")
                  .oneOf("csv", "jsonl"),
              ParamSpec.optional(
                  "columns",
                  ParamType.ARRAY,
                  null,
                  "The columns to write, in order; by default every key, in the order first seen."),
              ParamSpec.optional(
                  "fileName",
                  ParamType.STRING,
                  null,
                  "The artifact's file name (letters, digits and . _ : -); by default export.csv"
                      + " or export.jsonl.")),
          new RetrySpec(
              3,
              Duration.ofSeconds(1),
              2.0,
              Duration.ofSeconds(30),
              List.of(FailureTypes.INVALID_PARAMS)),
          new TimeoutSpec(
              Duration.ofMinutes(10), Duration.ofMinutes(5), null, Duration.ofSeconds(30)),
          new Rules());

  /** Rows of objects, distinct non-empty column names, and a plain file name. */
  static final class Rules implements ParamRules {
    @Override
    public List<ParamError> check(Map<String, Object> params) {
      List<ParamError> errors = new ArrayList<>();
      if (!ParamRules.holdsTemplate(params.get("rows"))) {
        try {
          rows(params.get("rows"));
        } catch (InvalidParamException e) {
          errors.add(e.error());
        }
      }
      if (params.get("columns") != null && !ParamRules.holdsTemplate(params.get("columns"))) {
        try {
          columns(params.get("columns"));
        } catch (InvalidParamException e) {
          errors.add(e.error());
        }
      }
      if (params.get("fileName") != null
          && !ArtifactStore.isSafe(params.get("fileName").toString())) {
        errors.add(
            new ParamError(
                "params.fileName", "must be a plain file name (letters, digits, . _ : -)"));
      }
      return errors;
    }
  }

  @Override
  public TaskTypeDefinition definition() {
    return DEFINITION;
  }

  @Override
  public TaskOutput handle(TaskActivityInput input, TaskContext context) throws Exception {
    Map<String, Object> params = input.params();
    List<ParamError> errors = DEFINITION.validate(params);
    if (!errors.isEmpty()) {
      throw invalid(errors.getFirst().field() + " " + errors.getFirst().message());
    }
    List<Map<?, ?>> rows = rows(params.get("rows"));
    String format = String.valueOf(params.getOrDefault("format", "csv"));
    List<String> columns =
        params.get("columns") == null ? keys(rows) : columns(params.get("columns"));
    String fileName =
        params.get("fileName") == null ? "export." + format : params.get("fileName").toString();

    context.progress(0, "writing " + rows.size() + " rows as " + format);
    ArtifactRef artifact;
    if (format.equals("csv")) {
      artifact =
          context.writeArtifact(
              fileName, "text/csv; charset=utf-8", out -> writeCsv(rows, columns, out, context));
    } else {
      // Without explicit columns every row is written whole, so the file round-trips exactly.
      List<String> projection = params.get("columns") == null ? null : columns;
      artifact =
          context.writeArtifact(
              fileName,
              "application/x-ndjson",
              out -> writeJsonLines(rows, projection, out, context));
    }

    Map<String, Object> artifactFields = new LinkedHashMap<>();
    artifactFields.put("name", artifact.name());
    artifactFields.put("sizeBytes", artifact.sizeBytes());
    artifactFields.put("sha256", artifact.sha256());
    artifactFields.put("contentType", artifact.contentType());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("artifact", artifactFields);
    result.put("format", format);
    result.put("rows", rows.size());
    result.put("columns", columns);
    context.progress(100, "wrote " + rows.size() + " rows");
    return TaskOutput.of(result, List.of(artifact));
  }

  private static void writeCsv(
      List<Map<?, ?>> rows, List<String> columns, OutputStream out, TaskContext context)
      throws IOException {
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    if (!columns.isEmpty()) {
      writer.write(Csv.row(columns, JSON));
    }
    List<Object> values = new ArrayList<>(columns.size());
    for (int i = 0; i < rows.size(); i++) {
      values.clear();
      for (String column : columns) {
        values.add(rows.get(i).get(column));
      }
      writer.write(Csv.row(values, JSON));
      rowDone(i + 1, rows.size(), context);
    }
    writer.flush();
  }

  private static void writeJsonLines(
      List<Map<?, ?>> rows, List<String> columns, OutputStream out, TaskContext context)
      throws IOException {
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    for (int i = 0; i < rows.size(); i++) {
      Map<?, ?> row = rows.get(i);
      Object line = row;
      if (columns != null) {
        Map<String, Object> projected = new LinkedHashMap<>();
        columns.forEach(column -> projected.put(column, row.get(column)));
        line = projected;
      }
      JSON.writeValue(writer, line);
      writer.write('\n');
      rowDone(i + 1, rows.size(), context);
    }
    writer.flush();
  }

  private static void rowDone(int done, int total, TaskContext context) {
    if (done % PROGRESS_EVERY_ROWS == 0) {
      context.checkCancelled();
      context.progress(100.0 * done / total, "wrote " + done + " of " + total + " rows");
    }
  }

  private static List<Map<?, ?>> rows(Object value) {
    if (!(value instanceof List<?> list)) {
      throw new InvalidParamException("params.rows", "must be an array of objects");
    }
    List<Map<?, ?>> rows = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> row)) {
        throw new InvalidParamException("params.rows[" + i + "]", "must be an object");
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<String> keys(List<Map<?, ?>> rows) {
    Set<String> keys = new LinkedHashSet<>();
    rows.forEach(row -> row.keySet().forEach(key -> keys.add(String.valueOf(key))));
    return List.copyOf(keys);
  }

  private static List<String> columns(Object value) {
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw new InvalidParamException("params.columns", "must be a non-empty array of strings");
    }
    Set<String> columns = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String column) || column.isEmpty()) {
        throw new InvalidParamException("params.columns[" + i + "]", "must be a non-empty string");
      }
      if (!columns.add(column)) {
        throw new InvalidParamException("params.columns[" + i + "]", "names " + column + " twice");
      }
    }
    return List.copyOf(columns);
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_PARAMS);
  }
}

package io.taskforge.activities.report;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The {@code report_generation} task type: lays out titled sections as a PDF artifact. */
@Component
public class ReportGenerationHandler implements TaskHandler {
  private static final TaskTypeDefinition DEFINITION =
      new TaskTypeDefinition(
          "report_generation",
          "Generates a PDF report with a title page, numbered sections, bulleted lists and"
              + " tables, and stores it as an artifact.",
          TaskQueues.DEFAULT,
          List.of(
              ParamSpec.required("title", ParamType.STRING, "The report's title."),
              ParamSpec.optional(
                  "subtitle", ParamType.STRING, null, "A line under the title on the title page."),
              ParamSpec.optional("author", ParamType.STRING, null, "Who the report is by."),
              ParamSpec.optional(
                  "sections",
                  ParamType.ARRAY,
                  List.of(),
                  "Sections in order, each {heading, text?, bullets?: [..], table?: {columns:"
                      + " [..], rows: [[..]]}}; blank lines in text separate paragraphs."),
              ParamSpec.optional(
                  "fileName",
                  ParamType.STRING,
                  "report.pdf",
                  "The artifact's file name: letters, digits and . _ : - only.")),
          new RetrySpec(
              3,
              Duration.ofSeconds(1),
              2.0,
              Duration.ofSeconds(30),
              List.of(FailureTypes.INVALID_PARAMS)),
          new TimeoutSpec(
              Duration.ofMinutes(15), Duration.ofMinutes(10), null, Duration.ofSeconds(30)),
          new Rules());

  /** Sections of the documented shape, and a plain file name. */
  static final class Rules implements ParamRules {
    @Override
    public List<ParamError> check(Map<String, Object> params) {
      List<ParamError> errors = new ArrayList<>();
      if (!ParamRules.holdsTemplate(params.get("sections"))) {
        try {
          ReportParams.read(params);
        } catch (InvalidParamException e) {
          errors.add(e.error());
        }
      }
      if (!ArtifactStore.isSafe(String.valueOf(params.get("fileName")))) {
        errors.add(
            new ParamError(
                "params.fileName", "must be a plain file name (letters, digits, . _ : -)"));
      }
      return errors;
    }
  }

  private final PdfReportWriter pdf = new PdfReportWriter();

  @Override
  public TaskTypeDefinition definition() {
    return DEFINITION;
  }

  @Override
  public TaskOutput handle(TaskActivityInput input, TaskContext context) throws Exception {
    Map<String, Object> params = DEFINITION.withDefaults(input.params());
    List<ParamError> errors = DEFINITION.validate(params);
    if (!errors.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          errors.getFirst().field() + " " + errors.getFirst().message(),
          FailureTypes.INVALID_PARAMS);
    }
    Report report = ReportParams.read(params);
    String fileName = String.valueOf(params.get("fileName"));
    int sections = report.sections().size();
    context.progress(0, "laying out " + sections + " sections");
    PdfReportWriter.Written[] written = new PdfReportWriter.Written[1];
    ArtifactRef artifact =
        context.writeArtifact(
            fileName,
            "application/pdf",
            out ->
                written[0] =
                    pdf.write(
                        report,
                        Instant.now(),
                        out,
                        done -> {
                          context.checkCancelled();
                          context.progress(
                              95.0 * done / sections,
                              "laid out section " + done + " of " + sections);
                        }));

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("artifact", artifactFields(artifact));
    result.put("pages", written[0].pages());
    result.put("sections", sections);
    context.progress(100, written[0].pages() + " pages");
    return TaskOutput.of(result, List.of(artifact));
  }

  private static Map<String, Object> artifactFields(ArtifactRef artifact) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", artifact.name());
    fields.put("sizeBytes", artifact.sizeBytes());
    fields.put("sha256", artifact.sha256());
    fields.put("contentType", artifact.contentType());
    return fields;
  }
}

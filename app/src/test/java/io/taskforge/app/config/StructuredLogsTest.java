package io.taskforge.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.workflows.LogKeys;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * {@code TASKFORGE_LOG_FORMAT=ecs} through the app's own application.yml: every console line is one
 * JSON object, with the MDC's task ids and the API's key-value pairs as fields.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest {
  private static final Logger log = LoggerFactory.getLogger(StructuredLogsTest.class);

  /** Nothing but logging: the switch is all this test needs of the application. */
  @Configuration(proxyBeanMethods = false)
  static class Empty {}

  @Test
  void jsonFormat_writesOneObjectALine_withTheTaskIdsAsFields(CapturedOutput output) {
    try (ConfigurableApplicationContext ignored =
        new SpringApplicationBuilder(Empty.class)
            .web(WebApplicationType.NONE)
            .properties("TASKFORGE_LOG_FORMAT=ecs")
            .run()) {
      LogKeys.put(LogKeys.TASK_ID, "task-1");
      LogKeys.put(LogKeys.GROUP_ID, "group-1");
      LogKeys.put(LogKeys.AGENCY_ID, "agency-1");
      LogKeys.put(LogKeys.TASK_TYPE, "sleep");
      LogKeys.put(LogKeys.WORKFLOW_ID, "task-1");
      LogKeys.put(LogKeys.RUN_ID, "run-1");
      try {
        log.info("attempt ended");
        log.warn("attempt failed", new IllegalStateException("first line\nsecond line"));
      } finally {
        LogKeys.remove(
            LogKeys.TASK_ID,
            LogKeys.GROUP_ID,
            LogKeys.AGENCY_ID,
            LogKeys.TASK_TYPE,
            LogKeys.WORKFLOW_ID,
            LogKeys.RUN_ID);
      }
      log.atInfo().addKeyValue(LogKeys.TASK_ID, "task-2").log("task {} submitted", "task-2");
    }

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> entries =
        output
            .getOut()
            .lines()
            .filter(line -> !line.isBlank())
            .map(
                line -> {
                  try {
                    return json.readTree(line);
                  } catch (IOException e) {
                    throw new AssertionError("not one JSON object: " + line, e);
                  }
                })
            .toList();
    assertThat(entries).isNotEmpty().allSatisfy(entry -> assertThat(entry.isObject()).isTrue());

    JsonNode ended = only(entries, "attempt ended");
    assertThat(ended.path("taskId").asText()).isEqualTo("task-1");
    assertThat(ended.path("groupId").asText()).isEqualTo("group-1");
    assertThat(ended.path("agencyId").asText()).isEqualTo("agency-1");
    assertThat(ended.path("taskType").asText()).isEqualTo("sleep");
    assertThat(ended.path("workflowId").asText()).isEqualTo("task-1");
    assertThat(ended.path("runId").asText()).isEqualTo("run-1");
    assertThat(ended.path("log").path("level").asText()).isEqualTo("INFO");

    JsonNode failed = only(entries, "attempt failed");
    assertThat(failed.path("taskId").asText()).isEqualTo("task-1");
    assertThat(failed.path("error").path("stack_trace").asText())
        .contains("first line\nsecond line", "StructuredLogsTest");

    JsonNode submitted = only(entries, "task task-2 submitted");
    assertThat(submitted.path("taskId").asText()).isEqualTo("task-2");
    assertThat(submitted.has("groupId")).as("the MDC was cleared after the attempt").isFalse();
  }

  private static JsonNode only(List<JsonNode> entries, String message) {
    List<JsonNode> found =
        entries.stream().filter(e -> message.equals(e.path("message").asText())).toList();
    assertThat(found).as("lines with message '%s'", message).hasSize(1);
    return found.getFirst();
  }
}

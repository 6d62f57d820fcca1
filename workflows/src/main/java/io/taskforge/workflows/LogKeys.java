package io.taskforge.workflows;

import org.slf4j.MDC;

/**
 * The fields Taskforge adds to log lines about a task, group or agency: MDC keys in workers,
 * key-value pairs in the API. With structured logging ({@code TASKFORGE_LOG_FORMAT}) each becomes a
 * JSON field, so one query finds every line about one task. The Temporal SDK adds its own keys
 * beside them ({@code WorkflowId}, {@code RunId}, {@code ActivityType}, {@code Attempt}, ...).
 */
public final class LogKeys {
  public static final String TASK_ID = "taskId";
  public static final String GROUP_ID = "groupId";
  public static final String AGENCY_ID = "agencyId";
  public static final String TASK_TYPE = "taskType";
  public static final String WORKFLOW_ID = "workflowId";
  public static final String RUN_ID = "runId";

  private LogKeys() {}

  /**
   * Puts the value into the MDC of this thread unless it is null. In workflow code this is safe: it
   * issues no command, and the SDK clears a workflow thread's MDC when the thread ends.
   */
  public static void put(String key, String value) {
    if (value != null) {
      MDC.put(key, value);
    }
  }

  /** Removes the keys from the MDC of this thread. */
  public static void remove(String... keys) {
    for (String key : keys) {
      MDC.remove(key);
    }
  }
}

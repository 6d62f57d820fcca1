package io.taskforge.app.taskgroup;

import io.taskforge.app.task.SubmitTaskRequest;
import java.util.List;
import java.util.Map;

/**
 * One task of a submitted group: a task spec as for single tasks, plus its dependencies and an
 * optional expansion. Params may hold templates ({@code {{context.key}}}, {@code
 * {{tasks.<name>.output.<path>}}}, and in an expanded task {@code {{item}}} and {@code {{index}}}).
 *
 * @param dependsOn each element is a task name (it must COMPLETE) or an object {@code {"task":
 *     "split", "status": "COMPLETED" | "FAILED" | "ANY_TERMINAL"}}
 */
public record GroupTaskRequest(
    String name,
    String type,
    String description,
    Map<String, Object> params,
    String priority,
    SubmitTaskRequest.Retry retry,
    SubmitTaskRequest.Timeouts timeouts,
    List<Object> dependsOn,
    Expand expand) {

  /**
   * How the task fans out. Enum values are case-insensitive.
   *
   * @param type {@code array}, {@code matrix} or {@code custom}
   * @param items array: a list, or exactly one template resolving to a list
   * @param axes matrix: axis name → list (or one template), the first axis varying slowest
   * @param customType custom: the handler that computes the items at run time
   * @param params custom: the handler's params
   * @param output {@code merge} (default), {@code separate} or {@code single}
   * @param parallelism items running at once, at most
   * @param onItemFailure {@code fail} (default) or {@code complete_with_successes}
   * @param mergeMaps with merge: merge the items' output maps into one map
   */
  public record Expand(
      String type,
      Object items,
      Map<String, Object> axes,
      String customType,
      Map<String, Object> params,
      String output,
      Integer parallelism,
      String onItemFailure,
      Boolean mergeMaps) {}
}

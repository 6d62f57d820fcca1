package io.taskforge.workflows.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TimeoutSpec;
import java.util.Map;
import java.util.Objects;

/**
 * A task type that a worker outside the app (a Python worker, say) serves and announces in its
 * reports, so the API can list it, validate submissions against it and route them to its queue.
 *
 * @param queue the task queue its workers poll; its activity type is {@code name}
 * @param paramsSchema the parameters as a JSON Schema object ({@code properties}, {@code required},
 *     defaults); the API validates submissions against it
 * @param defaultRetry the retry policy a task of this type gets when its request names none
 * @param defaultTimeouts likewise for time limits
 * @param runtime what serves it, e.g. {@code python}; shown by the API
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnnouncedTaskType(
    String name,
    String description,
    String queue,
    Map<String, Object> paramsSchema,
    RetrySpec defaultRetry,
    TimeoutSpec defaultTimeouts,
    String runtime) {
  public AnnouncedTaskType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(queue, "queue");
    description = description == null ? "" : description;
    paramsSchema = paramsSchema == null ? Map.of() : paramsSchema;
  }
}

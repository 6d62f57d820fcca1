package io.taskforge.gpuworker.runner;

import io.taskforge.gpuworker.slot.DeviceLease;
import java.util.Map;
import java.util.Objects;

/**
 * One inference to run.
 *
 * @param params the task's parameters, with the model filled in when configured
 * @param model the task's model, else the configured one; null when neither says
 */
public record InferenceRequest(
    String taskId, String taskType, Map<String, Object> params, String model, DeviceLease device) {
  public InferenceRequest {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(taskType, "taskType");
    Objects.requireNonNull(device, "device");
    params = params == null ? Map.of() : params;
  }

  public String string(String name) {
    return params.get(name) instanceof String value && !value.isBlank() ? value : null;
  }
}

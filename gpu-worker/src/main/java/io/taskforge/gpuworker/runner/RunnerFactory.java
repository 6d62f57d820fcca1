package io.taskforge.gpuworker.runner;

import io.taskforge.gpuworker.GpuWorkerSettings.TypeSettings;

/** Makes the runner that a task type's configuration names. */
public interface RunnerFactory {
  /** The value of {@code taskforge.gpu.types.<type>.runner} that selects this runner. */
  String name();

  InferenceRunner create(String taskType, TypeSettings settings);
}

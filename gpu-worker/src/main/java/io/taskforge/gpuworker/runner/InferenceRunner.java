package io.taskforge.gpuworker.runner;

import io.taskforge.activities.TaskContext;
import java.util.List;

/**
 * Runs one inference on one device slot. Adding a runner is a class implementing this and a {@link
 * RunnerFactory} bean that names it; task types choose it with {@code taskforge.gpu.types.<type>
 * .runner}.
 *
 * <p>Throw an {@code ApplicationFailure} made by {@link InferenceFailures} so failures are
 * classified alike: GPU out of memory and a dead server are retried, invalid input is not.
 */
public interface InferenceRunner {
  InferenceResult run(InferenceRequest request, TaskContext context) throws Exception;

  /** Models the runner knows to be loaded now (e.g. an inference server's list); may be empty. */
  default List<String> loadedModels() {
    return List.of();
  }
}

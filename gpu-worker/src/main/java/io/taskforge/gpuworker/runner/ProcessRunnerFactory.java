package io.taskforge.gpuworker.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.gpuworker.GpuWorkerSettings;
import io.taskforge.gpuworker.GpuWorkerSettings.TypeSettings;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/** {@code runner: process}. */
@Component
public class ProcessRunnerFactory implements RunnerFactory {
  private final Path workDir;
  private final ObjectMapper json;

  public ProcessRunnerFactory(GpuWorkerSettings settings, ObjectMapper gpuJson) {
    this.workDir = Path.of(settings.workDir()).toAbsolutePath();
    this.json = gpuJson;
  }

  @Override
  public String name() {
    return "process";
  }

  @Override
  public InferenceRunner create(String taskType, TypeSettings settings) {
    return new ProcessRunner(taskType, settings, workDir, json);
  }
}

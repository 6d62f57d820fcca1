package io.taskforge.gpuworker.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.breaker.CircuitBreakers;
import io.taskforge.gpuworker.GpuWorkerSettings.TypeSettings;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** {@code runner: openai}. */
@Component
public class OpenAiRunnerFactory implements RunnerFactory {
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final ObjectMapper json;
  private final CircuitBreakers breakers;

  public OpenAiRunnerFactory(ObjectMapper gpuJson, CircuitBreakers breakers) {
    this.json = gpuJson;
    this.breakers = breakers;
  }

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public InferenceRunner create(String taskType, TypeSettings settings) {
    return new OpenAiRunner(taskType, settings, http, json, breakers);
  }
}

package io.taskforge.app.gpu;

import io.taskforge.workflows.gpu.GpuTaskTypes;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The inference task types, which run only on gpu-worker processes: registered here as definitions
 * so the API lists them and validates their requests ({@code TaskTypeRegistry}).
 */
@Configuration(proxyBeanMethods = false)
public class GpuTaskTypesConfiguration {
  @Bean
  TaskTypeDefinition llmInferenceTaskType() {
    return GpuTaskTypes.LLM_INFERENCE;
  }

  @Bean
  TaskTypeDefinition imageGenerationTaskType() {
    return GpuTaskTypes.IMAGE_GENERATION;
  }

  @Bean
  TaskTypeDefinition textToSpeechTaskType() {
    return GpuTaskTypes.TEXT_TO_SPEECH;
  }

  @Bean
  TaskTypeDefinition imageToTextTaskType() {
    return GpuTaskTypes.IMAGE_TO_TEXT;
  }

  @Bean
  TaskTypeDefinition embeddingTaskType() {
    return GpuTaskTypes.EMBEDDING;
  }
}

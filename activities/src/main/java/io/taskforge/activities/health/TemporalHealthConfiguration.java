package io.taskforge.activities.health;

import io.temporal.client.WorkflowClient;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code temporal} health contributor, which the app's and the gpu-worker's readiness groups
 * include ({@code management.endpoint.health.group.readiness.include}).
 */
@Configuration(proxyBeanMethods = false)
public class TemporalHealthConfiguration {
  /** Under the probes' own timeouts (the Helm chart gives them 3 s). */
  static final Duration DEADLINE = Duration.ofSeconds(2);

  @Bean
  TemporalHealthIndicator temporalHealthIndicator(WorkflowClient client) {
    return new TemporalHealthIndicator(
        client.getWorkflowServiceStubs(), client.getOptions().getNamespace(), DEADLINE);
  }
}

package io.taskforge.activities.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.artifact.ArtifactSettings;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.activities.breaker.CircuitBreakers;
import io.taskforge.activities.dependency.DependencyActivitiesImpl;
import io.taskforge.activities.egress.EgressHttpClient;
import io.taskforge.activities.webhook.WebhookActivitiesImpl;
import io.taskforge.activities.webhook.WebhookSettings;
import io.taskforge.workflows.expansion.ExpansionActivities;
import io.taskforge.workflows.gpu.GpuRoutingActivities;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the artifact store, the task dispatcher, webhook delivery, dependency look-ups and the
 * worker that runs them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  WorkerSettings.class,
  ArtifactSettings.class,
  WebhookSettings.class
})
public class WorkerConfiguration {

  @Bean
  ArtifactStore artifactStore(ArtifactSettings settings) {
    return new ArtifactStore(Path.of(settings.dir()));
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService taskHeartbeats() {
    return Executors.newScheduledThreadPool(
        2, Thread.ofPlatform().name("task-heartbeat-", 0).daemon().factory());
  }

  @Bean
  TaskActivityDispatcher taskActivityDispatcher(
      List<TaskHandler> handlers,
      WorkflowClient client,
      ArtifactStore artifacts,
      ArtifactSettings settings,
      ScheduledExecutorService taskHeartbeats,
      MeterRegistry meterRegistry) {
    ResultOffloader offloader =
        new ResultOffloader(
            artifacts, client.getOptions().getDataConverter(), settings.inlineResultLimitBytes());
    return new TaskActivityDispatcher(
        handlers, client, artifacts, offloader, taskHeartbeats, meterRegistry);
  }

  @Bean
  WebhookActivitiesImpl webhookActivities(
      WebhookSettings settings, CircuitBreakers breakers, EgressHttpClient egress) {
    return new WebhookActivitiesImpl(settings, Clock.systemUTC(), breakers, egress);
  }

  @Bean
  DependencyActivitiesImpl dependencyActivities(WorkflowClient client) {
    return new DependencyActivitiesImpl(client);
  }

  @Bean
  @ConditionalOnProperty(name = "taskforge.worker.enabled", matchIfMissing = true)
  TaskforgeWorker taskforgeWorker(
      WorkflowClient client,
      TaskActivityDispatcher dispatcher,
      ExpansionActivities expansions,
      WebhookActivitiesImpl webhooks,
      DependencyActivitiesImpl dependencies,
      GpuRoutingActivities gpuRouting,
      WorkerSettings settings) {
    return new TaskforgeWorker(
        client, dispatcher, expansions, webhooks, dependencies, gpuRouting, settings);
  }
}

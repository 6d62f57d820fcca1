package io.taskforge.activities.resources;

import io.taskforge.activities.artifact.ArtifactSettings;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the resource monitor ({@code taskforge.resources.*}): the OSHI sampler, the monitor, its
 * meters (bound to any Micrometer registry the process has) and, when a URL is configured, the
 * alert webhook. The app finds it by scanning; the gpu-worker imports it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ResourceSettings.class, ArtifactSettings.class})
@ConditionalOnBooleanProperty(name = "taskforge.resources.enabled", matchIfMissing = true)
public class ResourceMonitorConfiguration {

  @Bean
  OshiResourceSampler oshiResourceSampler(ResourceSettings settings, ArtifactSettings artifacts) {
    String folder = settings.diskPath().isEmpty() ? artifacts.dir() : settings.diskPath();
    return new OshiResourceSampler(Path.of(folder), Clock.systemUTC());
  }

  @Bean
  ResourceMonitor resourceMonitor(
      ResourceSampler sampler, ResourceSettings settings, ObjectProvider<AlertListener> listeners) {
    return new ResourceMonitor(sampler, settings, listeners.orderedStream().toList());
  }

  @Bean
  ResourceMetrics resourceMetrics(ResourceMonitor monitor) {
    return new ResourceMetrics(monitor);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("!'${taskforge.resources.alerts.webhook-url:}'.isBlank()")
  AlertWebhook alertWebhook(ResourceSettings settings) {
    return AlertWebhook.from(settings.alerts(), Clock.systemUTC());
  }
}

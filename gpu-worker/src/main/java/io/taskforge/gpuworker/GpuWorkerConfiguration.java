package io.taskforge.gpuworker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.artifact.ArtifactSettings;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.activities.breaker.CircuitBreakerConfiguration;
import io.taskforge.activities.breaker.CircuitBreakers;
import io.taskforge.activities.expansion.ExpansionActivitiesImpl;
import io.taskforge.activities.health.TemporalHealthConfiguration;
import io.taskforge.activities.resources.ResourceMonitorConfiguration;
import io.taskforge.activities.worker.ResultOffloader;
import io.taskforge.activities.worker.TaskActivityDispatcher;
import io.taskforge.gpuworker.GpuWorkerSettings.TypeSettings;
import io.taskforge.gpuworker.discovery.GpuDevice;
import io.taskforge.gpuworker.discovery.GpuInventory;
import io.taskforge.gpuworker.discovery.NvidiaSmi;
import io.taskforge.gpuworker.report.RegistryReporter;
import io.taskforge.gpuworker.report.WorkerMeters;
import io.taskforge.gpuworker.runner.RunnerFactory;
import io.taskforge.gpuworker.slot.GpuSlotSupplier;
import io.taskforge.gpuworker.slot.SlotAllocator;
import io.taskforge.gpuworker.task.GpuTaskHandler;
import io.taskforge.gpuworker.task.WorkerStats;
import io.taskforge.workflows.gpu.GpuTaskTypes;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.taskforge.workflows.worker.WorkerMode;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Wires the gpu-worker: discovery, the slot allocator shared by both queues, a handler per
 * configured GPU task type, the dispatcher and expansion activities over those handlers only, the
 * Temporal workers and the registry reporter; the circuit breakers of the openai runners come from
 * the activities module, and so does the host's resource monitor (alerts in the log and to the
 * alert webhook, gauges on the metrics endpoint), and so does the readiness check on Temporal.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArtifactSettings.class)
@Import({
  CircuitBreakerConfiguration.class,
  ResourceMonitorConfiguration.class,
  TemporalHealthConfiguration.class
})
public class GpuWorkerConfiguration {
  private static final Logger log = LoggerFactory.getLogger(GpuWorkerConfiguration.class);

  @Bean
  ObjectMapper gpuJson() {
    return JacksonJsonPayloadConverter.newDefaultObjectMapper();
  }

  @Bean
  GpuInventory gpuInventory(GpuWorkerSettings settings) {
    GpuInventory inventory = GpuInventory.discover(settings, new NvidiaSmi(settings.nvidiaSmi()));
    if (inventory.mode() == WorkerMode.CPU) {
      log.warn("*****************************************************************");
      log.warn("*  gpu-worker {} runs in CPU MODE: {}", settings.workerId(), inventory.reason());
      log.warn(
          "*  {} CPU slot(s); processes get CUDA_VISIBLE_DEVICES=\"\" (no GPU).",
          inventory.totalSlots());
      log.warn("*****************************************************************");
    } else {
      for (GpuDevice device : inventory.devices()) {
        log.info(
            "GPU {} {} ({} MiB), {} slot(s)",
            device.index(),
            device.name(),
            device.memoryTotalMib(),
            inventory.slotsPerDevice());
      }
      log.info("gpu-worker {} in GPU mode: {}", settings.workerId(), inventory.reason());
    }
    return inventory;
  }

  @Bean
  SlotAllocator slotAllocator(GpuInventory inventory) {
    if (inventory.mode() == WorkerMode.CPU) {
      return SlotAllocator.cpu(inventory.slotsPerDevice());
    }
    return new SlotAllocator(
        inventory.devices().stream()
            .map(
                d ->
                    new SlotAllocator.Device(
                        d.index(),
                        d.name(),
                        inventory.slotsPerDevice(),
                        Integer.toString(d.index())))
            .toList());
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService gpuTimers() {
    return Executors.newScheduledThreadPool(
        2, Thread.ofPlatform().name("gpu-timer-", 0).daemon().factory());
  }

  @Bean
  GpuSlotSupplier gpuSlotSupplier(
      SlotAllocator allocator, ScheduledExecutorService gpuTimers, GpuWorkerSettings settings) {
    return new GpuSlotSupplier(allocator, gpuTimers, settings.failureCooldown());
  }

  @Bean
  WorkerStats workerStats(GpuWorkerSettings settings) {
    return new WorkerStats(settings.warmModelTtl());
  }

  /** One handler per GPU task type that the configuration maps to a runner. */
  @Bean
  List<GpuTaskHandler> gpuTaskHandlers(
      GpuWorkerSettings settings,
      List<RunnerFactory> factories,
      GpuSlotSupplier leases,
      WorkerStats stats) {
    Map<String, RunnerFactory> byName =
        factories.stream().collect(Collectors.toMap(RunnerFactory::name, Function.identity()));
    Map<String, TaskTypeDefinition> definitions =
        GpuTaskTypes.ALL.stream()
            .collect(Collectors.toMap(TaskTypeDefinition::name, Function.identity()));
    List<GpuTaskHandler> handlers = new ArrayList<>();
    settings
        .types()
        .forEach(
            (type, typeSettings) -> {
              TaskTypeDefinition definition = definitions.get(type);
              if (definition == null) {
                throw new IllegalStateException(
                    "taskforge.gpu.types."
                        + type
                        + ": not a GPU task type "
                        + definitions.keySet());
              }
              RunnerFactory factory = byName.get(runnerName(type, typeSettings));
              if (factory == null) {
                throw new IllegalStateException(
                    "taskforge.gpu.types."
                        + type
                        + ".runner: unknown runner '"
                        + typeSettings.runner()
                        + "', known: "
                        + byName.keySet());
              }
              handlers.add(
                  new GpuTaskHandler(
                      definition,
                      factory.create(type, typeSettings),
                      typeSettings.model(),
                      leases,
                      stats,
                      settings.workerId()));
              log.info("task type {} -> runner {}", type, factory.name());
            });
    if (handlers.isEmpty()) {
      log.warn("no GPU task type is configured (taskforge.gpu.types.*): this worker runs nothing");
    }
    return handlers;
  }

  private static String runnerName(String type, TypeSettings settings) {
    if (settings.runner() == null || settings.runner().isBlank()) {
      throw new IllegalStateException("taskforge.gpu.types." + type + ".runner is required");
    }
    return settings.runner();
  }

  @Bean
  ArtifactStore artifactStore(ArtifactSettings settings) {
    return new ArtifactStore(Path.of(settings.dir()));
  }

  @Bean
  TaskActivityDispatcher gpuActivityDispatcher(
      List<GpuTaskHandler> gpuTaskHandlers,
      WorkflowClient client,
      ArtifactStore artifacts,
      ArtifactSettings artifactSettings,
      ScheduledExecutorService gpuTimers,
      MeterRegistry meterRegistry) {
    ResultOffloader offloader =
        new ResultOffloader(
            artifacts,
            client.getOptions().getDataConverter(),
            artifactSettings.inlineResultLimitBytes());
    return new TaskActivityDispatcher(
        List.<TaskHandler>copyOf(gpuTaskHandlers),
        client,
        artifacts,
        offloader,
        gpuTimers,
        meterRegistry);
  }

  /** Batches of expansion items whose task type is a GPU type run here, one slot per batch. */
  @Bean
  ExpansionActivitiesImpl gpuExpansionActivities(
      List<GpuTaskHandler> gpuTaskHandlers, ArtifactStore artifacts, MeterRegistry meterRegistry) {
    return new ExpansionActivitiesImpl(
        List.<TaskHandler>copyOf(gpuTaskHandlers), artifacts, meterRegistry);
  }

  @Bean
  GpuWorker gpuWorker(
      WorkflowClient client,
      GpuWorkerSettings settings,
      GpuSlotSupplier gpuSlotSupplier,
      TaskActivityDispatcher gpuActivityDispatcher,
      ExpansionActivitiesImpl gpuExpansionActivities) {
    return new GpuWorker(
        client, settings, gpuSlotSupplier, gpuActivityDispatcher, gpuExpansionActivities);
  }

  @Bean
  RegistryReporter registryReporter(
      WorkflowClient client,
      GpuWorkerSettings settings,
      GpuInventory inventory,
      SlotAllocator allocator,
      WorkerStats stats,
      List<GpuTaskHandler> gpuTaskHandlers,
      CircuitBreakers circuitBreakers) {
    return new RegistryReporter(
        client, settings, inventory, allocator, stats, gpuTaskHandlers, circuitBreakers);
  }

  /** Slot and GPU gauges; Spring Boot binds every MeterBinder bean to the registry. */
  @Bean
  WorkerMeters workerMeters(
      GpuWorkerSettings settings,
      GpuInventory inventory,
      SlotAllocator allocator,
      WorkerStats stats,
      RegistryReporter registryReporter) {
    return new WorkerMeters(settings, inventory, allocator, stats, registryReporter::lastGpus);
  }
}

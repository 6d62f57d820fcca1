package io.taskforge.activities.worker;

import io.taskforge.workflows.agency.AgencyWorkflowImpl;
import io.taskforge.workflows.apikey.ApiKeyRegistryWorkflowImpl;
import io.taskforge.workflows.expansion.ExpansionActivities;
import io.taskforge.workflows.expansion.ExpansionWorkflowImpl;
import io.taskforge.workflows.gpu.GpuRoutingActivities;
import io.taskforge.workflows.task.DependencyActivities;
import io.taskforge.workflows.task.TaskWorkflowImpl;
import io.taskforge.workflows.taskgroup.TaskGroupWorkflowImpl;
import io.taskforge.workflows.webhook.WebhookActivities;
import io.taskforge.workflows.worker.WorkerRegistryWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The Temporal worker of this process: polls the Taskforge queue for workflows (tasks, groups,
 * expansions) and CPU activities (every task type here, expansion batches, webhook deliveries and
 * dependency look-ups). Started after the application context is ready and drained on shutdown, so
 * a stopped process hands its unfinished work back to Temporal to give to another worker.
 */
public final class TaskforgeWorker implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(TaskforgeWorker.class);

  /**
   * How long a stop waits for running activities and workflow tasks to finish; what is still
   * running then is retried elsewhere by Temporal. With the web server's drain
   * (spring.lifecycle.timeout-per-shutdown-phase, 10 s) it fits a 30 s grace period.
   */
  static final Duration DRAIN = Duration.ofSeconds(10);

  private final WorkflowClient client;
  private final WorkerSettings settings;
  private final Object[] activities;
  private WorkerFactory factory;
  private volatile boolean running;

  public TaskforgeWorker(
      WorkflowClient client,
      TaskActivityDispatcher dispatcher,
      ExpansionActivities expansions,
      WebhookActivities webhooks,
      DependencyActivities dependencies,
      GpuRoutingActivities gpuRouting,
      WorkerSettings settings) {
    this.client = client;
    this.settings = settings;
    // The dependency lookup and GPU model routing run as local activities of the task
    // workflows; registering them here serves both kinds.
    this.activities = new Object[] {dispatcher, expansions, webhooks, dependencies, gpuRouting};
  }

  /**
   * A WorkerFactory cannot start again once shut down, so each start builds a new one: the
   * lifecycle may be stopped and started again (Spring pauses cached test contexts that way).
   */
  @Override
  public synchronized void start() {
    factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(settings.taskQueue(), WorkerTuning.workerOptions(settings));
    worker.registerWorkflowImplementationTypes(
        TaskWorkflowImpl.class,
        TaskGroupWorkflowImpl.class,
        ExpansionWorkflowImpl.class,
        AgencyWorkflowImpl.class,
        // GPU worker registry (issue 5): runs beside the workflows, not on GPUs.
        WorkerRegistryWorkflowImpl.class,
        // The API keys created through the API (the app reads them from its memo).
        ApiKeyRegistryWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    factory.start();
    running = true;
    log.info(
        "worker polling task queue '{}' ({})",
        settings.taskQueue(),
        WorkerTuning.describe(settings));
  }

  @Override
  public synchronized void stop() {
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
      factory = null;
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}

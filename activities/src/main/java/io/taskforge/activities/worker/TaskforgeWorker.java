package io.taskforge.activities.worker;

import io.taskforge.workflows.expansion.ExpansionActivities;
import io.taskforge.workflows.expansion.ExpansionWorkflowImpl;
import io.taskforge.workflows.gpu.GpuRoutingActivities;
import io.taskforge.workflows.task.TaskWorkflowImpl;
import io.taskforge.workflows.taskgroup.TaskGroupWorkflowImpl;
import io.taskforge.workflows.worker.WorkerRegistryWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The Temporal worker of this process: polls the Taskforge queue for workflows (tasks, groups,
 * expansions) and CPU activities (every task type here, and expansion batches). Started after the
 * application context is ready and drained on shutdown, so a stopped process hands its unfinished
 * work back to Temporal to give to another worker.
 */
public final class TaskforgeWorker implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(TaskforgeWorker.class);

  private final WorkerFactory factory;
  private final WorkerSettings settings;
  private volatile boolean running;

  public TaskforgeWorker(
      WorkflowClient client,
      TaskActivityDispatcher dispatcher,
      ExpansionActivities expansions,
      GpuRoutingActivities gpuRouting,
      WorkerSettings settings) {
    this.settings = settings;
    this.factory = WorkerFactory.newInstance(client);
    Worker worker =
        factory.newWorker(
            settings.taskQueue(),
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(settings.maxConcurrentActivities())
                .setMaxConcurrentWorkflowTaskExecutionSize(settings.maxConcurrentWorkflowTasks())
                .build());
    worker.registerWorkflowImplementationTypes(
        TaskWorkflowImpl.class, TaskGroupWorkflowImpl.class, ExpansionWorkflowImpl.class);
    // GPU worker registry and model routing (issue 5): run beside the workflows, not on GPUs.
    worker.registerWorkflowImplementationTypes(WorkerRegistryWorkflowImpl.class);
    worker.registerActivitiesImplementations(dispatcher, expansions, gpuRouting);
  }

  @Override
  public void start() {
    factory.start();
    running = true;
    log.info(
        "worker polling task queue '{}' (activity slots {})",
        settings.taskQueue(),
        settings.maxConcurrentActivities());
  }

  @Override
  public void stop() {
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}

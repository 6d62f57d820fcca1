package io.taskforge.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.worker.QueueView;
import io.taskforge.app.worker.TaskQueueInspector;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.worker.WorkerRegistryWorkflow;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.client.WorkflowNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Task-queue gauges from Temporal's DescribeTaskQueue, tagged with {@code queue} and {@code
 * queue_type} (workflow, activity): {@code taskforge.queue.backlog} (approximate tasks waiting),
 * {@code taskforge.queue.backlog.age} (seconds the oldest has waited) and {@code
 * taskforge.queue.pollers} (workers polling). The queues: the Taskforge queue (both types), the
 * shared GPU queue and each registered gpu-worker's own queue.
 *
 * <p>They are read on a thread of their own every {@code taskforge.metrics.backlog-refresh}, not on
 * scrape: a scrape must not wait on Temporal, and a busy dashboard must not multiply its calls.
 * When Temporal cannot be reached the gauges disappear until it can (a stale backlog would look
 * healthy); on a server that reports no statistics only the pollers are shown.
 */
@Component
public class QueueBacklogMetrics implements SmartLifecycle {
  static final String BACKLOG = "taskforge.queue.backlog";
  static final String BACKLOG_AGE = "taskforge.queue.backlog.age";
  static final String POLLERS = "taskforge.queue.pollers";

  private static final Logger log = LoggerFactory.getLogger(QueueBacklogMetrics.class);

  private record Target(String queue, TaskQueueType type) {
    String typeTag() {
      return type == TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW ? "workflow" : "activity";
    }
  }

  private final TaskQueueInspector inspector;
  private final TemporalApiClient temporal;
  private final MetricsSettings settings;
  private final String taskforgeQueue;
  private final MultiGauge backlog;
  private final MultiGauge backlogAge;
  private final MultiGauge pollers;
  private ScheduledExecutorService schedule;
  private volatile boolean running;
  private volatile boolean lastRefreshFailed;

  public QueueBacklogMetrics(
      TaskQueueInspector inspector,
      TemporalApiClient temporal,
      MetricsSettings settings,
      WorkerSettings workerSettings,
      MeterRegistry registry) {
    this.inspector = inspector;
    this.temporal = temporal;
    this.settings = settings;
    this.taskforgeQueue = workerSettings.taskQueue();
    this.backlog =
        MultiGauge.builder(BACKLOG)
            .description("Approximate tasks waiting in a task queue")
            .register(registry);
    this.backlogAge =
        MultiGauge.builder(BACKLOG_AGE)
            .description("How long the oldest task of a task queue has waited")
            .baseUnit("seconds")
            .register(registry);
    this.pollers =
        MultiGauge.builder(POLLERS)
            .description("Workers that polled a task queue recently")
            .register(registry);
  }

  @Override
  public synchronized void start() {
    if (settings.backlogRefresh().isZero() || settings.backlogRefresh().isNegative()) {
      return;
    }
    schedule =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("queue-backlog-metrics").daemon().factory());
    long period = settings.backlogRefresh().toMillis();
    schedule.scheduleWithFixedDelay(this::refreshQuietly, 0, period, TimeUnit.MILLISECONDS);
    running = true;
  }

  @Override
  public synchronized void stop() {
    if (schedule != null) {
      schedule.shutdownNow();
      schedule = null;
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  void refreshQuietly() {
    try {
      refresh();
      if (lastRefreshFailed) {
        log.info("task-queue backlog metrics are read again");
      }
      lastRefreshFailed = false;
    } catch (RuntimeException e) {
      // Temporal is down or refusing: no gauges rather than stale ones; one warning per outage.
      clear();
      if (!lastRefreshFailed) {
        log.warn("could not read task-queue backlogs from Temporal: {}", e.toString());
      }
      lastRefreshFailed = true;
    }
  }

  /** Reads every queue and replaces all rows; one failing call fails the whole round. */
  void refresh() {
    List<MultiGauge.Row<?>> backlogRows = new ArrayList<>();
    List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
    List<MultiGauge.Row<?>> pollerRows = new ArrayList<>();
    for (Target target : targets()) {
      QueueView view = inspector.describe(target.queue(), target.typeTag(), target.type());
      Tags tags = Tags.of("queue", target.queue(), "queue_type", target.typeTag());
      pollerRows.add(MultiGauge.Row.of(tags, view.pollers().size()));
      if (view.backlogCount() != null) {
        backlogRows.add(MultiGauge.Row.of(tags, view.backlogCount()));
      }
      if (view.backlogAgeSeconds() != null) {
        ageRows.add(MultiGauge.Row.of(tags, view.backlogAgeSeconds()));
      }
    }
    backlog.register(backlogRows, true);
    backlogAge.register(ageRows, true);
    pollers.register(pollerRows, true);
  }

  private void clear() {
    backlog.register(List.of(), true);
    backlogAge.register(List.of(), true);
    pollers.register(List.of(), true);
  }

  private List<Target> targets() {
    Set<Target> targets = new LinkedHashSet<>();
    targets.add(new Target(taskforgeQueue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW));
    targets.add(new Target(taskforgeQueue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY));
    targets.add(new Target(TaskQueues.GPU, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY));
    for (String queue : workerQueues()) {
      targets.add(new Target(queue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY));
    }
    return List.copyOf(targets);
  }

  /** Each registered gpu-worker's own queue; none before the first worker has reported. */
  private List<String> workerQueues() {
    try {
      return temporal
          .workflows()
          .newWorkflowStub(WorkerRegistryWorkflow.class, WorkerRegistryWorkflow.ID)
          .workers()
          .stream()
          .map(entry -> entry.report().queue())
          .filter(queue -> queue != null && !queue.isBlank())
          .toList();
    } catch (WorkflowNotFoundException e) {
      return List.of();
    } catch (RuntimeException e) {
      // The registry answers through a workflow worker; without one, the shared queues still count.
      log.debug("could not read the worker registry: {}", e.toString());
      return List.of();
    }
  }
}

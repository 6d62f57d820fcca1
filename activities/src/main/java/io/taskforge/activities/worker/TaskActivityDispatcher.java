package io.taskforge.activities.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskforge.activities.TaskCancelledException;
import io.taskforge.activities.TaskContext;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.LogKeys;
import io.taskforge.workflows.task.ActivityStarted;
import io.taskforge.workflows.task.ArtifactRef;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.Progress;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.activity.DynamicActivity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one activity implementation a Taskforge worker registers: it takes every activity whose type
 * names a task type and hands it to that type's {@link TaskHandler}.
 *
 * <p>Around the handler it does what every task type needs: tells the task's workflow that the
 * attempt started (the task becomes RUNNING), heartbeats in the background (so a killed worker is
 * noticed within the heartbeat timeout and a cancel reaches the handler), and moves a result that
 * is too large for workflow history into the artifact store. It measures each attempt ({@link
 * AttemptMetrics}) and puts the task's ids into the MDC of the attempt's thread ({@link LogKeys}),
 * so every log line a handler writes names its task.
 */
public final class TaskActivityDispatcher implements DynamicActivity {
  private static final Logger log = LoggerFactory.getLogger(TaskActivityDispatcher.class);
  private static final String TASK_WORKFLOW_TYPE = "TaskWorkflow";
  private static final String[] TASK_LOG_KEYS = {
    LogKeys.TASK_ID,
    LogKeys.TASK_TYPE,
    LogKeys.GROUP_ID,
    LogKeys.AGENCY_ID,
    LogKeys.WORKFLOW_ID,
    LogKeys.RUN_ID
  };

  private final Map<String, TaskHandler> handlers;
  private final WorkflowClient client;
  private final ArtifactStore artifacts;
  private final ResultOffloader offloader;
  private final ScheduledExecutorService heartbeats;
  private final AttemptMetrics metrics;

  public TaskActivityDispatcher(
      List<TaskHandler> handlers,
      WorkflowClient client,
      ArtifactStore artifacts,
      ResultOffloader offloader,
      ScheduledExecutorService heartbeats,
      MeterRegistry registry) {
    this.handlers =
        handlers.stream()
            .collect(Collectors.toMap(h -> h.definition().name(), Function.identity()));
    this.client = client;
    this.artifacts = artifacts;
    this.offloader = offloader;
    this.heartbeats = heartbeats;
    this.metrics = new AttemptMetrics(registry);
  }

  public Map<String, TaskHandler> handlers() {
    return handlers;
  }

  @Override
  public Object execute(EncodedValues args) {
    ActivityExecutionContext execution = Activity.getExecutionContext();
    ActivityInfo info = execution.getInfo();
    TaskHandler handler = handlers.get(info.getActivityType());
    if (handler == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no handler for task type " + info.getActivityType() + " on this worker",
          FailureTypes.UNKNOWN_TASK_TYPE);
    }
    TaskActivityInput input = args.get(0, TaskActivityInput.class);
    putLogKeys(info, input);
    metrics.started(info);
    long startedNanos = System.nanoTime();
    AttemptMetrics.Outcome outcome = AttemptMetrics.Outcome.FAILURE;
    RunningTask task = new RunningTask(input.taskId(), info.getAttempt(), execution);
    ScheduledFuture<?> beat = null;
    try {
      reportStarted(info, execution);
      beat = scheduleHeartbeats(task, info.getHeartbeatTimeout());
      TaskOutput output = handler.handle(input, task);
      TaskOutput result = offloader.offloadIfLarge(input.taskId(), output);
      outcome = AttemptMetrics.Outcome.SUCCESS;
      return result;
    } catch (TaskCancelledException | InterruptedException e) {
      RuntimeException failure = task.cancellation(e);
      outcome = outcomeOf(failure);
      throw failure;
    } catch (ActivityCompletionException | ApplicationFailure e) {
      outcome = outcomeOf(e);
      throw e;
    } catch (Exception e) {
      if (task.isCancelled()) {
        RuntimeException failure = task.cancellation(e);
        outcome = outcomeOf(failure);
        throw failure;
      }
      throw Activity.wrap(e);
    } finally {
      if (beat != null) {
        beat.cancel(false);
      }
      Thread.interrupted(); // a cancel may have interrupted this thread; the SDK reuses it
      long nanos = System.nanoTime() - startedNanos;
      metrics.finished(info.getActivityType(), outcome, nanos);
      log.info(
          "task {} attempt {} ended: {} after {} ms",
          input.taskId(),
          info.getAttempt(),
          outcome.tag(),
          nanos / 1_000_000);
      LogKeys.remove(TASK_LOG_KEYS);
    }
  }

  private static AttemptMetrics.Outcome outcomeOf(RuntimeException failure) {
    return failure instanceof ActivityCompletionException
        ? AttemptMetrics.Outcome.CANCELLED
        : AttemptMetrics.Outcome.FAILURE;
  }

  private static void putLogKeys(ActivityInfo info, TaskActivityInput input) {
    LogKeys.put(LogKeys.TASK_ID, input.taskId());
    LogKeys.put(LogKeys.TASK_TYPE, input.type());
    LogKeys.put(LogKeys.GROUP_ID, input.groupId());
    LogKeys.put(LogKeys.AGENCY_ID, input.agencyId());
    LogKeys.put(LogKeys.WORKFLOW_ID, info.getWorkflowId());
    LogKeys.put(LogKeys.RUN_ID, info.getRunId());
  }

  private void reportStarted(ActivityInfo info, ActivityExecutionContext execution) {
    if (!TASK_WORKFLOW_TYPE.equals(info.getWorkflowType())) {
      return;
    }
    try {
      client
          .newUntypedWorkflowStub(info.getWorkflowId())
          .signal(
              "activityStarted",
              new ActivityStarted(
                  info.getAttempt(), Instant.now(), client.getOptions().getIdentity()));
    } catch (RuntimeException e) {
      // The task still runs; only its RUNNING status is late.
      log.warn("could not report start of task {}: {}", info.getWorkflowId(), e.toString());
    }
    execution.heartbeat(new Progress(-1, "started", Instant.now()));
  }

  private ScheduledFuture<?> scheduleHeartbeats(RunningTask task, Duration heartbeatTimeout) {
    long periodMillis =
        heartbeatTimeout.isZero() ? 5_000 : Math.max(200, heartbeatTimeout.toMillis() / 3);
    return heartbeats.scheduleAtFixedRate(
        task::heartbeat, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** The {@link TaskContext} of one attempt. */
  private final class RunningTask implements TaskContext {
    private final String taskId;
    private final int attempt;
    private final ActivityExecutionContext execution;
    private final Thread thread = Thread.currentThread();
    private volatile Progress progress = new Progress(-1, "started", Instant.now());
    private volatile ActivityCompletionException completion;

    RunningTask(String taskId, int attempt, ActivityExecutionContext execution) {
      this.taskId = taskId;
      this.attempt = attempt;
      this.execution = execution;
    }

    @Override
    public String taskId() {
      return taskId;
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public void progress(double percent, String message) {
      progress = new Progress(percent, message, Instant.now());
      heartbeat();
    }

    @Override
    public boolean isCancelled() {
      return completion != null;
    }

    @Override
    public ArtifactRef writeArtifact(String name, String contentType, ArtifactStore.Writer writer)
        throws IOException {
      return artifacts.write(taskId, name, contentType, writer);
    }

    /** Sends the last progress; learns of a cancel, and then interrupts the handler. */
    synchronized void heartbeat() {
      if (completion != null) {
        return;
      }
      try {
        execution.heartbeat(progress);
      } catch (ActivityCompletionException e) {
        completion = e;
        thread.interrupt();
      } catch (RuntimeException e) {
        log.debug("heartbeat of task {} failed: {}", taskId, e.toString());
      }
    }

    RuntimeException cancellation(Exception cause) {
      if (completion != null) {
        return completion;
      }
      // Interrupted without a cancel (the worker is shutting down): fail the attempt so that it
      // is retried, on this worker or another.
      return Activity.wrap(cause);
    }
  }
}

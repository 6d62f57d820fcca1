package io.taskforge.workflows.task;

import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.gpu.GpuAffinity;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Runs one task: waits for its start (manual execute or start time), schedules the task type's
 * activity with the task's retry, timeout and priority settings, and keeps the {@code TaskStatus}
 * search attribute current at every step.
 *
 * <p>Outcomes map onto Temporal's own, so the Web UI tells the truth: a completed task completes
 * the workflow, a failed one fails it (details carry a {@link TaskFailure}), a cancelled one ends
 * the workflow cancelled.
 */
public class TaskWorkflowImpl implements TaskWorkflow {
  private static final Logger log = Workflow.getLogger(TaskWorkflowImpl.class);

  private TaskStatus status = TaskStatus.PENDING;
  private boolean executeRequested;
  private int attempt;
  private Instant startedAt;
  private TaskOutput output;
  private TaskFailure failure;

  @Override
  public TaskResult run(TaskInput input) {
    String taskId = Workflow.getInfo().getWorkflowId();
    try {
      awaitStart(input);
      setStatus(TaskStatus.SCHEDULED);
      TaskActivityInput activityInput = new TaskActivityInput(taskId, input.type(), input.params());
      // Model affinity (GPU tasks naming a model only; no command for any other task).
      output =
          GpuAffinity.tryPreferredWorker(input, activityInput)
              .orElseGet(
                  () ->
                      Workflow.newUntypedActivityStub(TaskActivityOptions.of(input))
                          .execute(input.type(), TaskOutput.class, activityInput));
      setStatus(TaskStatus.COMPLETED);
      log.info("task {} completed after {} attempt(s)", taskId, attempt);
      return new TaskResult(TaskStatus.COMPLETED, output, attempt, startedAt);
    } catch (ActivityFailure e) {
      if (TaskFailures.isCancellation(e)) {
        throw cancelled(new CanceledFailure("task was cancelled"));
      }
      failure = TaskFailures.from(e, attempt);
      setStatus(TaskStatus.FAILED);
      log.info("task {} failed: {} {}", taskId, failure.kind(), failure.message());
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          failure.message(), FailureTypes.TASK_FAILED, e, failure);
    } catch (CanceledFailure e) {
      throw cancelled(e);
    }
  }

  private void awaitStart(TaskInput input) {
    if (input.manualStart()) {
      markPending();
      Workflow.await(() -> executeRequested);
    } else if (input.startAt() != null) {
      Duration wait =
          Duration.between(Instant.ofEpochMilli(Workflow.currentTimeMillis()), input.startAt());
      if (wait.isPositive()) {
        markPending();
        Workflow.await(wait, () -> executeRequested);
      }
    }
  }

  /** A waiting task must be listed as PENDING even when its starter did not set the attribute. */
  private void markPending() {
    String searchable = Workflow.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_STATUS);
    if (!TaskStatus.PENDING.name().equals(searchable)) {
      setStatus(TaskStatus.PENDING);
    }
  }

  /** Records CANCELLED even though the workflow's own scope is already cancelled. */
  private CanceledFailure cancelled(CanceledFailure e) {
    failure = new TaskFailure(FailureKind.CANCELLED, "task was cancelled", "Cancelled", attempt);
    Workflow.newDetachedCancellationScope(() -> setStatus(TaskStatus.CANCELLED)).run();
    return e;
  }

  private void setStatus(TaskStatus next) {
    status = next;
    Workflow.upsertTypedSearchAttributes(TaskSearchAttributes.TASK_STATUS.valueSet(next.name()));
  }

  @Override
  public void execute() {
    executeRequested = true;
  }

  @Override
  public void activityStarted(ActivityStarted started) {
    attempt = Math.max(attempt, started.attempt());
    if (startedAt == null) {
      startedAt = started.startedAt();
    }
    if (status == TaskStatus.SCHEDULED) {
      setStatus(TaskStatus.RUNNING);
    }
  }

  @Override
  public TaskState state() {
    return new TaskState(status, attempt, startedAt, output, failure);
  }
}

package io.taskforge.workflows.task;

import io.taskforge.workflows.LogKeys;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.gpu.GpuAffinity;
import io.taskforge.workflows.webhook.TaskEvent;
import io.taskforge.workflows.webhook.WebhookDeliveries;
import io.taskforge.workflows.webhook.WebhookDelivery;
import io.taskforge.workflows.webhook.WebhookOutcome;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ExternalWorkflowStub;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Runs one task: waits for its dependencies (WAITING), then for its start (manual execute or start
 * time), schedules the task type's activity with the task's retry, timeout and priority settings,
 * and keeps the {@code TaskStatus} search attribute current at every step.
 *
 * <p>Outcomes map onto Temporal's own, so the Web UI tells the truth: a completed task completes
 * the workflow, a failed one fails it (details carry a {@link TaskFailure}), a cancelled one ends
 * the workflow cancelled, and a skipped one (a dependency ended the wrong way) completes with a
 * SKIPPED {@link TaskResult} carrying the reason.
 *
 * <p>However it closes, a task first records its final status, then tells every registered
 * dependent (see {@link #registerDependent}) and delivers its webhook. A task with neither does
 * nothing more than before these existed, so histories recorded earlier replay unchanged.
 */
public class TaskWorkflowImpl implements TaskWorkflow {
  private static final Logger log = Workflow.getLogger(TaskWorkflowImpl.class);

  /** How a signal to a closed workflow fails. */
  private static final String SIGNAL_TARGET_NOT_FOUND =
      "SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND";

  private TaskStatus status = TaskStatus.PENDING;
  private boolean executeRequested;
  private int attempt;
  private Instant startedAt;
  private TaskOutput output;
  private TaskFailure failure;
  private String reason;
  private WebhookOutcome webhook;

  private String taskId;
  private TaskInput input;
  private DependencyTracker dependencies;

  /** Dependency reports in arrival order (signals may come before the tracker exists). */
  private final List<DependencyClosed> reports = new ArrayList<>();

  private int reportsApplied;

  /** Tasks waiting for this one, in registration order, and those already told. */
  private final Set<String> registrants = new LinkedHashSet<>();

  private final Set<String> notified = new HashSet<>();

  @Override
  public TaskResult run(TaskInput input) {
    this.taskId = Workflow.getInfo().getWorkflowId();
    this.input = input;
    String groupId = Workflow.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_GROUP_ID);
    String agencyId = Workflow.getTypedSearchAttributes().get(TaskSearchAttributes.AGENCY_ID);
    LogKeys.put(LogKeys.TASK_ID, taskId);
    LogKeys.put(LogKeys.TASK_TYPE, input.type());
    LogKeys.put(LogKeys.GROUP_ID, groupId);
    LogKeys.put(LogKeys.AGENCY_ID, agencyId);
    try {
      if (!input.dependencies().isEmpty() && !awaitDependencies()) {
        return skipped();
      }
      awaitStart(input);
      setStatus(TaskStatus.SCHEDULED);
      TaskActivityInput activityInput =
          new TaskActivityInput(taskId, input.type(), input.params(), groupId, agencyId);
      // Model affinity (GPU tasks naming a model only; no command for any other task).
      output =
          GpuAffinity.tryPreferredWorker(input, activityInput)
              .orElseGet(
                  () ->
                      Workflow.newUntypedActivityStub(TaskActivityOptions.of(input))
                          .execute(input.type(), TaskOutput.class, activityInput));
      setStatus(TaskStatus.COMPLETED);
      countOutcome(TaskStatus.COMPLETED);
      log.info("task {} completed after {} attempt(s)", taskId, attempt);
      announceClose(TaskStatus.COMPLETED);
      return new TaskResult(TaskStatus.COMPLETED, output, attempt, startedAt, null, webhook);
    } catch (ActivityFailure e) {
      if (TaskFailures.isCancellation(e)) {
        throw cancelled(new CanceledFailure("task was cancelled"));
      }
      failure = TaskFailures.from(e, attempt);
      setStatus(TaskStatus.FAILED);
      countOutcome(TaskStatus.FAILED);
      log.info("task {} failed: {} {}", taskId, failure.kind(), failure.message());
      announceClose(TaskStatus.FAILED);
      if (webhook != null) {
        failure = failure.withWebhook(webhook);
      }
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          failure.message(), FailureTypes.TASK_FAILED, e, failure);
    } catch (CanceledFailure e) {
      throw cancelled(e);
    }
  }

  // --- dependencies (this task waits for others) ---

  /**
   * Registers with every dependency and waits until all are satisfied (true) or one can never be
   * (false, {@link #reason} says which).
   */
  private boolean awaitDependencies() {
    dependencies = new DependencyTracker(input.dependencies());
    setStatus(TaskStatus.WAITING);
    log.info("task {} waiting for {}", taskId, dependencies.unresolved());
    applyReports();
    registerWithDependencies();
    while (applyReports() == DependencyTracker.Outcome.WAITING) {
      int seen = reports.size();
      boolean reported = Workflow.await(DependencyTiming.BACKSTOP, () -> reports.size() > seen);
      if (!reported) {
        // Backstop, not the mechanism: a dependency that was terminated (force cancel) or timed
        // out on the server never runs its close path, so it never signals. Look such ones up.
        lookUpAll(dependencies.unresolved());
      }
    }
    if (dependencies.outcome() == DependencyTracker.Outcome.UNSATISFIABLE) {
      reason = dependencies.unsatisfiable().orElseThrow();
      return false;
    }
    log.info("task {}: dependencies satisfied", taskId);
    return true;
  }

  /**
   * Asks each dependency to signal this task when it closes. A signal to a task that has already
   * closed fails, and then its final status is read directly. A registration that reaches a
   * dependency while it closes is still answered: Temporal does not let a workflow complete with a
   * signal it has not handled, and the dependency's close path notifies until no registrant is left
   * unanswered.
   */
  private void registerWithDependencies() {
    Map<String, Promise<Void>> sent = new LinkedHashMap<>();
    for (String dependency : dependencies.unresolved()) {
      sent.put(
          dependency,
          signalAsync(dependency, REGISTER_DEPENDENT, new DependentRegistration(taskId)));
    }
    List<String> closedAlready = new ArrayList<>();
    sent.forEach(
        (dependency, signal) -> {
          try {
            signal.get();
          } catch (SignalExternalWorkflowException | ApplicationFailure e) {
            if (!isClosedTarget(e)) {
              throw e;
            }
            closedAlready.add(dependency);
          }
        });
    lookUpAll(closedAlready);
  }

  private void lookUpAll(List<String> taskIds) {
    if (taskIds.isEmpty()) {
      return;
    }
    DependencyActivities lookups =
        Workflow.newLocalActivityStub(DependencyActivities.class, DependencyTiming.LOOKUP_OPTIONS);
    for (String dependency : taskIds) {
      try {
        DependencyLookupResult found = lookups.lookup(new DependencyLookup(dependency));
        if (found.closed() != null) {
          reports.add(found.closed());
        }
      } catch (ActivityFailure e) {
        // Temporal unreachable from the worker, say: the next backstop looks again.
        log.warn(
            "task {}: could not look up dependency {}: {}", taskId, dependency, e.getMessage());
      }
    }
  }

  private DependencyTracker.Outcome applyReports() {
    while (reportsApplied < reports.size()) {
      DependencyClosed report = reports.get(reportsApplied++);
      if (dependencies.record(report)) {
        log.info("task {}: dependency {} ended {}", taskId, report.taskId(), report.status());
      }
    }
    return dependencies.outcome();
  }

  private TaskResult skipped() {
    setStatus(TaskStatus.SKIPPED);
    countOutcome(TaskStatus.SKIPPED);
    log.info("task {} skipped: {}", taskId, reason);
    announceClose(TaskStatus.SKIPPED);
    return new TaskResult(TaskStatus.SKIPPED, null, 0, null, reason, webhook);
  }

  // --- closing (others wait for this task; its webhook) ---

  /**
   * Tells every registered dependent how this task ended, and delivers the webhook, both after the
   * final status is recorded and before the workflow closes. Runs detached, so a cancel request
   * cannot cut it short. Dependents that register meanwhile (during a slow webhook delivery, or in
   * the very workflow task that would close this one) are told too: the loop ends only when nothing
   * is left unanswered and the delivery is done.
   */
  private void announceClose(TaskStatus finalStatus) {
    Workflow.newDetachedCancellationScope(
            () -> {
              Promise<WebhookOutcome> delivery =
                  input.webhook() == null
                      ? null
                      : Async.function(
                          WebhookDeliveries::deliver,
                          new WebhookDelivery(
                              Workflow.randomUUID().toString(),
                              input.webhook(),
                              event(finalStatus)));
              notifyDependents(finalStatus);
              while (delivery != null && !delivery.isCompleted()) {
                Workflow.await(() -> delivery.isCompleted() || hasUnnotified());
                notifyDependents(finalStatus);
              }
              if (delivery != null) {
                webhook = delivery.get();
              }
            })
        .run();
  }

  private boolean hasUnnotified() {
    return !notified.containsAll(registrants);
  }

  private void notifyDependents(TaskStatus finalStatus) {
    while (hasUnnotified()) {
      List<String> fresh = registrants.stream().filter(id -> !notified.contains(id)).toList();
      Map<String, Promise<Void>> sent = new LinkedHashMap<>();
      for (String dependent : fresh) {
        notified.add(dependent);
        sent.put(
            dependent,
            signalAsync(dependent, DEPENDENCY_CLOSED, new DependencyClosed(taskId, finalStatus)));
      }
      sent.forEach(
          (dependent, signal) -> {
            try {
              signal.get();
              log.info("task {} told dependent {} it ended {}", taskId, dependent, finalStatus);
            } catch (SignalExternalWorkflowException | ApplicationFailure e) {
              if (!isClosedTarget(e)) {
                throw e;
              }
              log.info("task {}: dependent {} is gone", taskId, dependent);
            }
          });
    }
  }

  /**
   * Signals another task; the promise fails with SignalExternalWorkflowException if it is closed.
   */
  private static Promise<Void> signalAsync(String workflowId, String signal, Object argument) {
    ExternalWorkflowStub stub = Workflow.newUntypedExternalWorkflowStub(workflowId);
    return Async.procedure(stub::signal, signal, new Object[] {argument});
  }

  /** Whether a failed signal failed because its target workflow is closed (or never existed). */
  private static boolean isClosedTarget(RuntimeException e) {
    return e instanceof SignalExternalWorkflowException
        || (e instanceof ApplicationFailure failure
            && failure.getType().startsWith(SIGNAL_TARGET_NOT_FOUND));
  }

  private TaskEvent event(TaskStatus finalStatus) {
    return new TaskEvent(
        "task." + finalStatus.name().toLowerCase(Locale.ROOT),
        taskId,
        input.type(),
        finalStatus.name(),
        output == null ? null : output.data(),
        failure,
        reason,
        attempt,
        Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis()),
        startedAt,
        Instant.ofEpochMilli(Workflow.currentTimeMillis()));
  }

  // --- start ---

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
    countOutcome(TaskStatus.CANCELLED);
    log.info("task {} cancelled", taskId);
    announceClose(TaskStatus.CANCELLED);
    if (webhook != null) {
      failure = failure.withWebhook(webhook);
    }
    return e;
  }

  /** See {@link TaskOutcomeMetrics} for why tasks are counted here. */
  private void countOutcome(TaskStatus finalStatus) {
    TaskOutcomeMetrics.record(
        Workflow.getMetricsScope(),
        input,
        finalStatus,
        failure == null ? FailureKind.ERROR : failure.kind());
  }

  private void setStatus(TaskStatus next) {
    status = next;
    Workflow.upsertTypedSearchAttributes(TaskSearchAttributes.TASK_STATUS.valueSet(next.name()));
  }

  // --- signals and query ---

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
  public void registerDependent(DependentRegistration registration) {
    if (registrants.add(registration.dependentId())) {
      log.info(
          "task {}: {} waits for it",
          Workflow.getInfo().getWorkflowId(),
          registration.dependentId());
    }
  }

  @Override
  public void dependencyClosed(DependencyClosed closed) {
    reports.add(closed);
  }

  @Override
  public TaskState state() {
    return new TaskState(
        status,
        attempt,
        startedAt,
        output,
        failure,
        dependencies == null ? Map.of() : dependencies.statuses(),
        reason,
        webhook);
  }
}

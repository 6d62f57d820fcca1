package io.taskforge.workflows.expansion;

import io.taskforge.workflows.LogKeys;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.expansion.ExpansionActivities.BatchInput;
import io.taskforge.workflows.expansion.ExpansionActivities.BatchResult;
import io.taskforge.workflows.expansion.ExpansionActivities.MergeInput;
import io.taskforge.workflows.expansion.ExpansionActivities.MergedOutput;
import io.taskforge.workflows.expansion.ExpansionActivities.PrepareInput;
import io.taskforge.workflows.expansion.ExpansionActivities.PreparedItems;
import io.taskforge.workflows.expansion.ExpansionPlan.Range;
import io.taskforge.workflows.task.FailureKind;
import io.taskforge.workflows.task.TaskFailure;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.task.TimeoutSpec;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * An expanded task (the root) or a subtree of one; see {@link ExpansionPlan} for how the items are
 * cut up. The root prepares the items, runs the tree, merges the outputs, and fails with the
 * partial results when items failed and the task's item-failure policy says so.
 */
public class ExpansionWorkflowImpl implements ExpansionWorkflow {
  private static final Duration PREPARE_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration MAX_BATCH_TIME = Duration.ofHours(24);

  @Override
  public ExpansionResult run(ExpansionInput input) {
    LogKeys.put(LogKeys.TASK_ID, input.expansionId());
    LogKeys.put(LogKeys.TASK_TYPE, input.task().type());
    LogKeys.put(LogKeys.GROUP_ID, input.groupId());
    boolean root = input.items() == null;
    if (!root) {
      return runRange(input, new Range(input.from(), input.to()));
    }
    ExpansionActivities local = localActivities();
    try {
      setStatus(TaskStatus.RUNNING);
      PreparedItems prepared =
          local.prepare(
              new PrepareInput(
                  input.expansionId(),
                  input.spec(),
                  input.context(),
                  input.taskOutputs(),
                  input.resume()));
      refuseIfTooLarge(input, prepared.count());
      ExpansionInput prepared0 = input.range(prepared.items(), 0, prepared.count());
      ExpansionResult result = runRange(prepared0, new Range(0, prepared.count()));
      MergedOutput merged =
          local.merge(
              new MergeInput(
                  input.expansionId(),
                  input.taskName(),
                  input.spec(),
                  prepared.count(),
                  INLINE_OUTPUT_LIMIT));
      result = result.withOutput(merged.output(), merged.outputRef());
      if (input.spec().onItemFailure().taskFails(result.failedCount(), result.total())) {
        setStatus(TaskStatus.FAILED);
        TaskFailure failure =
            new TaskFailure(
                FailureKind.ERROR,
                result.failedCount() + " of " + result.total() + " items failed",
                ExpansionResult.ITEMS_FAILED,
                0);
        throw ApplicationFailure.newNonRetryableFailure(
            failure.message(), ExpansionResult.ITEMS_FAILED, failure, result);
      }
      setStatus(TaskStatus.COMPLETED);
      return result;
    } catch (CanceledFailure e) {
      Workflow.newDetachedCancellationScope(() -> setStatus(TaskStatus.CANCELLED)).run();
      throw e;
    }
  }

  /**
   * Only a custom expansion's handler, or a template over an earlier task's output, knows the item
   * count at run time; the API refuses what it can see to be too large at submission.
   */
  private static void refuseIfTooLarge(ExpansionInput input, long count) {
    if (input.maxItems() == null || count <= input.maxItems()) {
      return;
    }
    setStatus(TaskStatus.FAILED);
    String message =
        "the expansion has "
            + count
            + " items, more than the tenant's limit of "
            + input.maxItems()
            + " items per expansion";
    throw ApplicationFailure.newNonRetryableFailure(message, ExpansionResult.TOO_LARGE);
  }

  /**
   * Merged outputs larger than this go to the artifact store. Kept well below the single-task
   * limit: an inline output also lands in the group context, which later tasks carry.
   */
  static final long INLINE_OUTPUT_LIMIT = 64 * 1024;

  private ExpansionResult runRange(ExpansionInput input, Range range) {
    int parallelism = parallelism(input);
    if (ExpansionPlan.isLeaf(range)) {
      List<Range> plan = ExpansionPlan.batches(range, parallelism);
      if (plan.isEmpty()) {
        return ExpansionResult.sum(List.of(), input.items()); // no items: nothing to run
      }
      ExpansionActivities batches = batchActivities(input.task(), range, parallelism);
      List<ExpansionResult> results =
          inWaves(
              plan,
              ExpansionPlan.leafConcurrency(parallelism),
              batch ->
                  Async.function(
                      batches::runBatch,
                      new BatchInput(
                          input.expansionId(),
                          input.task(),
                          input.context(),
                          input.taskOutputs(),
                          input.items(),
                          batch.from(),
                          batch.to(),
                          input.resume())));
      return ExpansionResult.sum(results, input.items());
    }
    List<Range> plan = ExpansionPlan.children(range);
    List<ExpansionResult> results =
        inWaves(
            plan,
            ExpansionPlan.childConcurrency(parallelism),
            child -> {
              ExpansionWorkflow subtree =
                  Workflow.newChildWorkflowStub(
                      ExpansionWorkflow.class, subtreeOptions(input, child));
              return Async.function(
                  subtree::run, input.range(input.items(), child.from(), child.to()));
            });
    return ExpansionResult.sum(results, input.items());
  }

  /**
   * Runs one unit per range with at most {@code concurrency} in flight, starting the next as soon
   * as one finishes. Batch results become expansion results.
   */
  private static List<ExpansionResult> inWaves(
      List<Range> ranges, int concurrency, Function<Range, Promise<?>> start) {
    List<Promise<?>> inFlight = new ArrayList<>();
    List<ExpansionResult> results = new ArrayList<>();
    int next = 0;
    while (next < ranges.size() || !inFlight.isEmpty()) {
      while (next < ranges.size() && inFlight.size() < concurrency) {
        inFlight.add(start.apply(ranges.get(next++)));
      }
      Workflow.await(() -> inFlight.stream().anyMatch(Promise::isCompleted));
      for (Promise<?> done : new ArrayList<>(inFlight)) {
        if (done.isCompleted()) {
          inFlight.remove(done);
          results.add(asResult(done.get()));
        }
      }
    }
    return results;
  }

  private static ExpansionResult asResult(Object value) {
    if (value instanceof BatchResult batch) {
      return new ExpansionResult(
          batch.to() - batch.from(),
          batch.succeeded(),
          batch.failedCount(),
          batch.failures(),
          null,
          null,
          null);
    }
    return (ExpansionResult) value;
  }

  private static int parallelism(ExpansionInput input) {
    Integer requested = input.spec().parallelism();
    return requested == null || requested < 1 ? ExpansionPlan.DEFAULT_PARALLELISM : requested;
  }

  /** Prepare and merge run on the CPU workers that run this workflow. */
  private static ExpansionActivities localActivities() {
    return Workflow.newActivityStub(
        ExpansionActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(PREPARE_TIMEOUT)
            .setHeartbeatTimeout(Duration.ofMinutes(1))
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setMaximumAttempts(5)
                    .setDoNotRetry(io.taskforge.workflows.task.FailureTypes.INVALID_PARAMS)
                    .build())
            .build());
  }

  /** Batches run on the queue of the item's task type (CPU or GPU workers). */
  private static ExpansionActivities batchActivities(TaskInput task, Range leaf, int parallelism) {
    TimeoutSpec timeouts = task.timeouts();
    long items = ExpansionPlan.batches(leaf, parallelism).getFirst().size();
    Duration perBatch = timeouts.execution().multipliedBy(items);
    ActivityOptions.Builder options =
        ActivityOptions.newBuilder()
            .setTaskQueue(task.activityTaskQueue())
            .setStartToCloseTimeout(
                perBatch.compareTo(MAX_BATCH_TIME) > 0 ? MAX_BATCH_TIME : perBatch)
            .setHeartbeatTimeout(timeouts.heartbeat())
            .setPriority(task.priority().toTemporal())
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            // Item failures are inside the result; this retries lost workers and the like.
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(10).build());
    if (timeouts.queue() != null) {
      options.setScheduleToStartTimeout(timeouts.queue());
    }
    return Workflow.newActivityStub(ExpansionActivities.class, options.build());
  }

  private static ChildWorkflowOptions subtreeOptions(ExpansionInput input, Range range) {
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder();
    if (input.groupId() != null) {
      attributes.set(TaskSearchAttributes.TASK_GROUP_ID, input.groupId());
    }
    TaskSearchAttributes.withParentTenant(attributes);
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(input.expansionId() + "/" + range.from() + "-" + range.to())
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .setTypedSearchAttributes(attributes.build())
        .build();
  }

  private static void setStatus(TaskStatus status) {
    Workflow.upsertTypedSearchAttributes(TaskSearchAttributes.TASK_STATUS.valueSet(status.name()));
  }
}

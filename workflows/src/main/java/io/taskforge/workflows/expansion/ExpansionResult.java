package io.taskforge.workflows.expansion;

import io.taskforge.workflows.task.ArtifactRef;
import java.util.ArrayList;
import java.util.List;

/**
 * What an expansion, or one subtree of it, produced. Item outputs never pass through workflow
 * history: each batch writes them to {@code part-<from>-<to>.jsonl} in the artifact store. {@code
 * failures} lists at most {@link #MAX_REPORTED_FAILURES}; {@code failedCount} is exact.
 *
 * @param output at the root: the task's output when small enough to keep inline, else null and
 *     {@code outputRef} names the artifact that holds it
 */
public record ExpansionResult(
    long total,
    long succeeded,
    long failedCount,
    List<ItemFailure> failures,
    ArtifactRef items,
    Object output,
    ArtifactRef outputRef) {
  public static final int MAX_REPORTED_FAILURES = 100;

  /**
   * The failure type of an expansion that failed because items failed; its details are a {@code
   * TaskFailure} and this result (the partial results).
   */
  public static final String ITEMS_FAILED = "ItemsFailed";

  /**
   * The failure type of an expansion that found more items than its tenant may run in one
   * expansion; never retried. The group shows its message as the task's failure.
   */
  public static final String TOO_LARGE = "ExpansionTooLarge";

  public ExpansionResult {
    failures = failures == null ? List.of() : List.copyOf(failures);
  }

  public ExpansionProgress progress() {
    return new ExpansionProgress(total, succeeded, failedCount);
  }

  /** Adds up the results of subtrees or batches, keeping the first reported failures. */
  public static ExpansionResult sum(List<ExpansionResult> parts, ArtifactRef items) {
    long total = 0;
    long succeeded = 0;
    long failed = 0;
    List<ItemFailure> failures = new ArrayList<>();
    for (ExpansionResult part : parts) {
      total += part.total();
      succeeded += part.succeeded();
      failed += part.failedCount();
      for (ItemFailure failure : part.failures()) {
        if (failures.size() < MAX_REPORTED_FAILURES) {
          failures.add(failure);
        }
      }
    }
    return new ExpansionResult(total, succeeded, failed, failures, items, null, null);
  }

  public ExpansionResult withOutput(Object newOutput, ArtifactRef newOutputRef) {
    return new ExpansionResult(
        total, succeeded, failedCount, failures, items, newOutput, newOutputRef);
  }
}

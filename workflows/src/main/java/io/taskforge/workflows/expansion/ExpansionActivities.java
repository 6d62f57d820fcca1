package io.taskforge.workflows.expansion;

import io.taskforge.workflows.task.ArtifactRef;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/**
 * The activities that do an expansion's work. Items and outputs live in the artifact store under
 * the expansion's id: {@code items.jsonl} (one item a line) and {@code part-<from>-<to>.jsonl} (one
 * {@code {"index": i, "output": ...}} a line per item that succeeded).
 */
@ActivityInterface
public interface ExpansionActivities {

  /** Resolves the items (array, matrix, or a custom type's handler) into {@code items.jsonl}. */
  @ActivityMethod
  PreparedItems prepare(PrepareInput input);

  /**
   * Runs items {@code [from, to)} through the task type's handler, each with the task's retry
   * policy; one item failing does not stop the rest. With {@code resume}, items already in this
   * range's part file are kept and not run again. Heartbeats its progress and resumes from it when
   * the activity itself is retried.
   */
  @ActivityMethod
  BatchResult runBatch(BatchInput input);

  /** Combines the part files into the task's output in the requested format. */
  @ActivityMethod
  MergedOutput merge(MergeInput input);

  /**
   * @param resume reuse the items an earlier run prepared, if they exist
   */
  record PrepareInput(
      String expansionId,
      ExpansionSpec spec,
      Map<String, Object> context,
      Map<String, Object> taskOutputs,
      boolean resume) {}

  record PreparedItems(ArtifactRef items, long count) {}

  record BatchInput(
      String expansionId,
      TaskInput task,
      Map<String, Object> context,
      Map<String, Object> taskOutputs,
      ArtifactRef items,
      long from,
      long to,
      boolean resume) {}

  record BatchResult(
      long from, long to, long succeeded, long failedCount, List<ItemFailure> failures) {}

  /**
   * @param inlineLimitBytes a merged output larger than this is stored and referenced
   */
  record MergeInput(
      String expansionId, String taskName, ExpansionSpec spec, long total, long inlineLimitBytes) {}

  /** Either {@code output} inline, or {@code outputRef} to an artifact holding it. */
  record MergedOutput(Object output, ArtifactRef outputRef) {}
}

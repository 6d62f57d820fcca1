package io.taskforge.workflows;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;

/**
 * Replays a recorded history against the current workflow code, like {@code WorkflowReplayer}, but
 * on a worker whose deadlock detection allows 30 s instead of 1 s: on a loaded 2-core CI machine
 * the first replay can spend over a second initialising serializers, which is not a deadlock.
 */
public final class Replays {
  private Replays() {}

  public static void replay(WorkflowExecutionHistory history, Class<?>... workflowTypes)
      throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker =
          env.newWorker(
              "replay",
              WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(30_000).build());
      worker.registerWorkflowImplementationTypes(workflowTypes);
      worker.replayWorkflowExecution(history);
    }
  }
}

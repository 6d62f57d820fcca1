package io.taskforge.workflows;

/** Names of the Temporal task queues that Taskforge workers poll. */
public final class TaskQueues {
  /** Workflows and CPU activities: polled by the app (or a standalone CPU worker). */
  public static final String DEFAULT = "taskforge";

  /** GPU activities: polled only by gpu-worker processes. */
  public static final String GPU = "gpu";

  private TaskQueues() {}
}

package io.taskforge.activities;

import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.TenantIds;
import io.taskforge.workflows.task.ArtifactRef;
import java.io.IOException;
import java.util.OptionalLong;

/** What a running task can ask of the worker: progress reports, cancellation, artifacts. */
public interface TaskContext {
  /** The task's workflow id (see {@link TenantIds}). */
  String taskId();

  /** The tenant the task runs for: the owner of its id space. */
  default String tenant() {
    return TenantIds.tenantOf(taskId());
  }

  /**
   * The index of the item this handler runs for, when an expansion runs it in-process (each item of
   * an expansion shares the expansion's {@link #taskId()}); empty for a task of its own.
   */
  default OptionalLong itemIndex() {
    return OptionalLong.empty();
  }

  /** 1 for the first attempt. */
  int attempt();

  /** Reports progress; it reaches the API through the activity's heartbeat. */
  void progress(double percent, String message);

  /** True once the task has been cancelled; long loops should check it. */
  boolean isCancelled();

  /** Throws {@link TaskCancelledException} if the task has been cancelled. */
  default void checkCancelled() {
    if (isCancelled()) {
      throw new TaskCancelledException();
    }
  }

  /** Writes a file of this task into the artifact store. */
  ArtifactRef writeArtifact(String name, String contentType, ArtifactStore.Writer writer)
      throws IOException;
}

package io.taskforge.activities.expansion;

import io.taskforge.activities.TaskContext;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.task.ArtifactRef;
import java.io.IOException;

/**
 * The {@link TaskContext} of a handler that an expansion runs in-process: its artifacts go under
 * the expansion's id, their names prefixed (such as {@code item-3-}) so items do not overwrite each
 * other; progress reports heartbeat the expansion's activity.
 */
final class ExpansionTaskContext implements TaskContext {
  private final String taskId;
  private final int attempt;
  private final String artifactPrefix;
  private final ArtifactStore store;
  private final Heartbeater heartbeat;

  ExpansionTaskContext(
      String taskId,
      int attempt,
      String artifactPrefix,
      ArtifactStore store,
      Heartbeater heartbeat) {
    this.taskId = taskId;
    this.attempt = attempt;
    this.artifactPrefix = artifactPrefix;
    this.store = store;
    this.heartbeat = heartbeat;
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
    heartbeat.pulse();
  }

  @Override
  public boolean isCancelled() {
    return heartbeat.isCancelled();
  }

  @Override
  public ArtifactRef writeArtifact(String name, String contentType, ArtifactStore.Writer writer)
      throws IOException {
    return store.write(taskId, artifactPrefix + name, contentType, writer);
  }
}

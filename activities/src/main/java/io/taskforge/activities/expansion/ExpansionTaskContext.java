package io.taskforge.activities.expansion;

import io.taskforge.activities.TaskContext;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.task.ArtifactRef;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * The {@link TaskContext} of a handler that an expansion runs in-process: its artifacts go under
 * the expansion's id, their names prefixed (such as {@code item-3-}) so items do not overwrite each
 * other; progress reports heartbeat the expansion's activity. An item's context knows its index, so
 * that what the item sends out (its {@code Idempotency-Key}) tells it apart from its siblings.
 */
final class ExpansionTaskContext implements TaskContext {
  private final String taskId;
  private final OptionalLong itemIndex;
  private final int attempt;
  private final String artifactPrefix;
  private final ArtifactStore store;
  private final Heartbeater heartbeat;

  private ExpansionTaskContext(
      String taskId,
      OptionalLong itemIndex,
      int attempt,
      String artifactPrefix,
      ArtifactStore store,
      Heartbeater heartbeat) {
    this.taskId = taskId;
    this.itemIndex = itemIndex;
    this.attempt = attempt;
    this.artifactPrefix = artifactPrefix;
    this.store = store;
    this.heartbeat = heartbeat;
  }

  /** The context of item {@code index}: its artifacts are prefixed {@code item-<index>-}. */
  static ExpansionTaskContext forItem(
      String expansionId, long index, int attempt, ArtifactStore store, Heartbeater heartbeat) {
    return new ExpansionTaskContext(
        expansionId, OptionalLong.of(index), attempt, "item-" + index + "-", store, heartbeat);
  }

  /**
   * The context of a custom expansion's item source: its artifacts are prefixed {@code custom-}.
   */
  static ExpansionTaskContext forItemSource(
      String expansionId, int attempt, ArtifactStore store, Heartbeater heartbeat) {
    return new ExpansionTaskContext(
        expansionId, OptionalLong.empty(), attempt, "custom-", store, heartbeat);
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public OptionalLong itemIndex() {
    return itemIndex;
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

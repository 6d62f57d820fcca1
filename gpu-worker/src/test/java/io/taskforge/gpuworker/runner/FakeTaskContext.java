package io.taskforge.gpuworker.runner;

import io.taskforge.activities.TaskContext;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.task.ArtifactRef;
import io.taskforge.workflows.task.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A task context over a real artifact store, recording progress; cancel() cancels the task. */
public final class FakeTaskContext implements TaskContext {
  private final ArtifactStore artifacts;
  private final String taskId;
  private final List<Progress> progress = new CopyOnWriteArrayList<>();
  private volatile boolean cancelled;

  public FakeTaskContext(Path artifactDir, String taskId) {
    this.artifacts = new ArtifactStore(artifactDir);
    this.taskId = taskId;
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public int attempt() {
    return 1;
  }

  @Override
  public void progress(double percent, String message) {
    progress.add(new Progress(percent, message, Instant.now()));
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  public void cancel() {
    cancelled = true;
  }

  @Override
  public ArtifactRef writeArtifact(String name, String contentType, ArtifactStore.Writer writer)
      throws IOException {
    return artifacts.write(taskId, name, contentType, writer);
  }

  public List<Progress> progress() {
    return progress;
  }

  public ArtifactStore artifacts() {
    return artifacts;
  }
}

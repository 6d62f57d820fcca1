package io.taskforge.activities;

import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.task.ArtifactRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link TaskContext} for handler tests: a real artifact store, recorded progress, a cancel
 * switch.
 */
public final class TestTaskContext implements TaskContext {
  /** One progress report. */
  public record Report(double percent, String message) {}

  private final ArtifactStore store;
  private final int attempt;
  private final List<Report> progress = new CopyOnWriteArrayList<>();
  private volatile boolean cancelled;

  private TestTaskContext(Path artifactDir, int attempt) {
    this.store = new ArtifactStore(artifactDir);
    this.attempt = attempt;
  }

  public static TestTaskContext firstAttempt(Path artifactDir) {
    return new TestTaskContext(artifactDir, 1);
  }

  public static TestTaskContext attempt(Path artifactDir, int attempt) {
    return new TestTaskContext(artifactDir, attempt);
  }

  public ArtifactStore store() {
    return store;
  }

  public List<Report> progress() {
    return List.copyOf(progress);
  }

  public void cancel() {
    cancelled = true;
  }

  @Override
  public String taskId() {
    return "task-1";
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public void progress(double percent, String message) {
    progress.add(new Report(percent, message));
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public ArtifactRef writeArtifact(String name, String contentType, ArtifactStore.Writer writer)
      throws IOException {
    return store.write(taskId(), name, contentType, writer);
  }
}

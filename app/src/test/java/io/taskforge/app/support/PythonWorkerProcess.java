package io.taskforge.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python worker ({@code taskforge-worker run}, from the virtual environment that {@code
 * scripts/python-venv.sh} installs under {@code .tools}) in its own process, against the shared dev
 * server, serving a module of {@code src/test/resources/python}. Its output goes to {@code
 * target/python-<id>.log}.
 */
public final class PythonWorkerProcess implements AutoCloseable {
  static final Path VENV = Path.of("../.tools/python-venv").toAbsolutePath().normalize();
  private static final Path MODULES = Path.of("src/test/resources/python").toAbsolutePath();

  private final String id;
  private final Process process;
  private final Path log;

  private PythonWorkerProcess(String id, Process process, Path log) {
    this.id = id;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts a worker serving {@code module:app} on {@code queue}; its artifacts go where the app's
   * do (the app in an end-to-end test writes to {@code target/it-artifacts}).
   */
  public static PythonWorkerProcess start(String id, String module, String queue) {
    Path executable = VENV.resolve("bin/taskforge-worker");
    if (!Files.isExecutable(executable)) {
      throw new IllegalStateException(
          executable + " is missing: run scripts/python-venv.sh (make test does)");
    }
    Path log = Path.of("target", "python-" + id + ".log").toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    executable.toString(),
                    "run",
                    module + ":app",
                    "--queue",
                    queue,
                    "--worker-id",
                    id,
                    "--report-interval",
                    "1s",
                    "--unhealthy-after",
                    "5s"))
            .directory(MODULES.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().put("TEMPORAL_ADDRESS", TemporalDevServer.shared().address());
    builder.environment().put("TEMPORAL_NAMESPACE", "default");
    builder
        .environment()
        .put("TASKFORGE_ARTIFACTS_DIR", Path.of("target/it-artifacts").toAbsolutePath().toString());
    builder.environment().put("PYTHONUNBUFFERED", "1");
    try {
      return new PythonWorkerProcess(id, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String id() {
    return id;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** {@code kill -9}: the worker dies mid-task, sending nothing more. */
  public void kill() {
    process.destroyForcibly();
    await();
  }

  /** SIGTERM: the worker drains and tells the registry it stops. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      await();
    }
  }

  private void await() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

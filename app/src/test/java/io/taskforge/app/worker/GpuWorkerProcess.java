package io.taskforge.app.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real gpu-worker for end-to-end tests: the built jar ({@code gpu-worker/target}) in its own JVM,
 * in CPU mode (this machine has no GPU), against the tests' dev server. Its log is {@code
 * target/gpu-worker-<id>.log}.
 */
final class GpuWorkerProcess implements AutoCloseable {
  static final Path JAR = Path.of("../gpu-worker/target/taskforge-gpu-worker.jar");

  private final String id;
  private final Process process;
  private final Path log;
  private final int metricsPort;

  private GpuWorkerProcess(String id, Process process, Path log, int metricsPort) {
    this.id = id;
    this.process = process;
    this.log = log;
    this.metricsPort = metricsPort;
  }

  /** Starts a worker; {@code settings} are extra {@code key=value} properties. */
  static GpuWorkerProcess start(String id, String temporalAddress, Map<String, String> settings) {
    return start(id, temporalAddress, settings, Map.of());
  }

  /** Starts a worker with extra environment variables too. */
  static GpuWorkerProcess start(
      String id, String temporalAddress, Map<String, String> settings, Map<String, String> env) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR.toAbsolutePath()
              + " is missing: build it first (./mvnw -pl gpu-worker -am package -DskipTests;"
              + " `make test` and a reactor `verify` build it before the app's tests)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.add("--spring.temporal.connection.target=" + temporalAddress);
    command.add("--taskforge.gpu.worker-id=" + id);
    // No nvidia-smi here: AUTO falls back to CPU mode, as on any GPU-less host.
    command.add("--taskforge.gpu.mode=auto");
    command.add("--taskforge.gpu.nvidia-smi=/nonexistent/nvidia-smi");
    command.add("--taskforge.gpu.report-interval=1s");
    command.add("--taskforge.gpu.unhealthy-after=4s");
    command.add("--taskforge.gpu.failure-cooldown=0s");
    command.add("--taskforge.gpu.work-dir=target/gpu-work/" + id);
    command.add("--taskforge.artifacts.dir=" + Path.of("target/it-artifacts").toAbsolutePath());
    // Each worker of a test needs a metrics port of its own (the default is 9091 for all).
    int metricsPort = freePort();
    command.add("--server.port=" + metricsPort);
    settings.forEach((key, value) -> command.add("--" + key + "=" + value));
    Path log = Path.of("target", "gpu-worker-" + id + ".log").toAbsolutePath();
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      builder.environment().putAll(env);
      return new GpuWorkerProcess(id, builder.start(), log, metricsPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String id() {
    return id;
  }

  /** Where its actuator answers: {@code /actuator/health}, {@code /actuator/prometheus}. */
  String metricsUrl(String path) {
    return "http://127.0.0.1:" + metricsPort + path;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Kills the worker JVM at once, as a crash or a lost host would; its inference processes too. */
  void kill() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    await();
  }

  /** Stops the worker the polite way (SIGTERM): it drains and sends a last report. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    await();
    children.forEach(ProcessHandle::destroyForcibly);
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

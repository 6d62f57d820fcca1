package io.taskforge.app.worker;

import io.taskforge.app.support.JarProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real gpu-worker for end-to-end tests: the built jar ({@code gpu-worker/target}) in its own JVM,
 * in CPU mode (this machine has no GPU), against the tests' dev server. Its log is {@code
 * target/gpu-worker-<id>.log}.
 */
final class GpuWorkerProcess implements AutoCloseable {
  static final Path JAR = Path.of("../gpu-worker/target/taskforge-gpu-worker.jar");

  private final String id;
  private final JarProcess process;
  private final int metricsPort;

  private GpuWorkerProcess(String id, JarProcess process, int metricsPort) {
    this.id = id;
    this.process = process;
    this.metricsPort = metricsPort;
  }

  /** Starts a worker; {@code settings} are extra {@code key=value} properties. */
  static GpuWorkerProcess start(String id, String temporalAddress, Map<String, String> settings) {
    return start(id, temporalAddress, settings, Map.of());
  }

  /** Starts a worker with extra environment variables too. */
  static GpuWorkerProcess start(
      String id, String temporalAddress, Map<String, String> settings, Map<String, String> env) {
    List<String> arguments = new ArrayList<>();
    arguments.add("--spring.temporal.connection.target=" + temporalAddress);
    arguments.add("--taskforge.gpu.worker-id=" + id);
    // No nvidia-smi here: AUTO falls back to CPU mode, as on any GPU-less host.
    arguments.add("--taskforge.gpu.mode=auto");
    arguments.add("--taskforge.gpu.nvidia-smi=/nonexistent/nvidia-smi");
    arguments.add("--taskforge.gpu.report-interval=1s");
    arguments.add("--taskforge.gpu.unhealthy-after=4s");
    arguments.add("--taskforge.gpu.failure-cooldown=0s");
    arguments.add("--taskforge.gpu.work-dir=target/gpu-work/" + id);
    arguments.add("--taskforge.artifacts.dir=" + Path.of("target/it-artifacts").toAbsolutePath());
    // Each worker of a test needs a metrics port of its own (the default is 9091 for all).
    int metricsPort = JarProcess.freePort();
    arguments.add("--server.port=" + metricsPort);
    settings.forEach((key, value) -> arguments.add("--" + key + "=" + value));
    JarProcess process =
        JarProcess.start("gpu-worker-" + id, JAR, Path.of("").toAbsolutePath(), env, arguments);
    return new GpuWorkerProcess(id, process, metricsPort);
  }

  String id() {
    return id;
  }

  /** Where its actuator answers: {@code /actuator/health}, {@code /actuator/prometheus}. */
  String metricsUrl(String path) {
    return "http://127.0.0.1:" + metricsPort + path;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() {
    return process.log();
  }

  /** Kills the worker JVM at once, as a crash or a lost host would; its inference processes too. */
  void kill() {
    process.kill();
  }

  /** Stops the worker the polite way (SIGTERM): it drains and sends a last report. */
  @Override
  public void close() {
    process.close();
  }
}

package io.taskforge.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One of our built jars in its own JVM, for tests that need real separate processes (a worker that
 * can be killed, a process configured only through environment variables). Its output goes to
 * {@code target/<name>.log}.
 */
public final class JarProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private JarProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code jar} in {@code directory} with the given environment (on top of this JVM's) and
   * command-line arguments; fails at once when the jar has not been built.
   */
  public static JarProcess start(
      String name,
      Path jar,
      Path directory,
      Map<String, String> environment,
      List<String> arguments) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath()
              + " is missing: build it first (./mvnw package -DskipTests; `make test` and a"
              + " reactor `verify` build every jar before the app's end-to-end tests)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(arguments);
    Path log = Path.of("target", name + ".log").toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().putAll(environment);
    try {
      return new JarProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A TCP port free right now, for a process to listen on. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until the process answers 200 on {@code http://127.0.0.1:<port>/actuator/health}; fails
   * with its log if it exits first or does not come up within {@code limit}.
   */
  public void awaitHealthy(int port, Duration limit) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
            .timeout(Duration.ofSeconds(10))
            .build();
    Awaitility.await()
        .atMost(limit)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreException(ConnectException.class)
        .untilAsserted(
            () -> {
              assertThat(isAlive()).as("alive; log:%n%s", log()).isTrue();
              assertThat(http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode())
                  .isEqualTo(200);
            });
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * Sends SIGTERM and waits up to {@code grace} for the process to exit, as Kubernetes and compose
   * do before they kill it: true when it exited in time. A process still running is left to {@link
   * #close()}.
   */
  public boolean terminate(Duration grace) {
    process.destroy();
    try {
      return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Kills the JVM at once, as a crash or a lost host would, and anything it started. */
  public void kill() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    await();
  }

  /** Stops the process the polite way (SIGTERM), so it drains; then anything it left behind. */
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

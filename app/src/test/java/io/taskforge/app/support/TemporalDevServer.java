package io.taskforge.app.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Temporal dev server for the end-to-end tests, one per test JVM: {@code temporal server
 * start-dev} on free ports with a fresh SQLite file, configured like {@code make run}'s. It can be
 * stopped and started again on the same ports and database, to test outages. Its HTTP API and Web
 * UI listen on ports of their own ({@link #httpPort()}, {@link #uiPort()}), which the egress policy
 * must refuse like the real ones.
 */
public final class TemporalDevServer {
  private static TemporalDevServer instance;

  private final Path cli;
  private final Path database;
  private final Path log;
  private final int port;
  private final int httpPort;
  private final int uiPort;
  private final List<String> dynamicConfig;
  private Process process;

  private TemporalDevServer(
      Path cli, Path dir, int port, int httpPort, int uiPort, List<String> dynamicConfig) {
    this.cli = cli;
    this.database = dir.resolve("temporal.db");
    this.log = dir.resolve("temporal.log");
    this.port = port;
    this.httpPort = httpPort;
    this.uiPort = uiPort;
    this.dynamicConfig = List.copyOf(dynamicConfig);
  }

  /** The shared server, started on first use. */
  public static synchronized TemporalDevServer shared() {
    if (instance == null) {
      instance = startNew(List.of());
    }
    return instance;
  }

  /**
   * A server of its own with extra dynamic config values ({@code KEY=VALUE}), e.g. lowered
   * per-workflow limits; stopped when the JVM exits.
   */
  public static TemporalDevServer startNew(List<String> dynamicConfig) {
    try {
      Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "temporal-it-");
      TemporalDevServer server =
          new TemporalDevServer(findCli(), dir, freePort(), freePort(), freePort(), dynamicConfig);
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The frontend's HTTP API (the route to Updates, Signals and histories by plain HTTP). */
  public int httpPort() {
    return httpPort;
  }

  /** The Web UI. */
  public int uiPort() {
    return uiPort;
  }

  public Path cli() {
    return cli;
  }

  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                cli.toString(),
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--http-port",
                Integer.toString(httpPort),
                "--ui-port",
                Integer.toString(uiPort),
                "--db-filename",
                database.toString(),
                "--sqlite-pragma",
                "journal_mode=WAL",
                "--dynamic-config-value",
                "matching.useNewMatcher=true",
                "--dynamic-config-value",
                "matching.numTaskqueueReadPartitions=1",
                "--dynamic-config-value",
                "matching.numTaskqueueWritePartitions=1",
                "--log-level",
                "warn"));
    for (String value : dynamicConfig) {
      command.add("--dynamic-config-value");
      command.add(value);
    }
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + cli, e);
    }
    awaitListening(Duration.ofSeconds(60));
  }

  /** Stops the server the hard way, as a crash would. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private void awaitListening(Duration limit) {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("temporal dev server exited; see " + log);
        }
        sleep(200);
      }
    }
    throw new IllegalStateException("temporal dev server not listening after " + limit);
  }

  private static Path findCli() {
    String configured = System.getProperty("temporal.cli", System.getenv("TEMPORAL_CLI"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (Path candidate :
        List.of(Path.of("../.tools/bin/temporal"), Path.of(".tools/bin/temporal"))) {
      if (Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "temporal");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "Temporal CLI not found: run scripts/temporal-cli.sh (make test does) or set TEMPORAL_CLI");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

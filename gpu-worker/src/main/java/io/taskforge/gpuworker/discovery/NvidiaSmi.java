package io.taskforge.gpuworker.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs nvidia-smi; empty when it is missing, fails or hangs (no driver, no GPU). */
public class NvidiaSmi {
  private static final Logger log = LoggerFactory.getLogger(NvidiaSmi.class);
  private static final long TIMEOUT_SECONDS = 10;

  private final String executable;

  public NvidiaSmi(String executable) {
    this.executable = executable;
  }

  public Optional<String> query() {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(NvidiaSmiParser.QUERY_ARGS);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      log.debug("{} not runnable: {}", executable, e.getMessage());
      return Optional.empty();
    }
    try (InputStream out = process.getInputStream()) {
      CompletableFuture<byte[]> read =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return out.readAllBytes();
                } catch (IOException e) {
                  return new byte[0];
                }
              });
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        log.warn("{} did not answer within {}s", executable, TIMEOUT_SECONDS);
        return Optional.empty();
      }
      String output = new String(read.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        log.warn("{} exited with {}: {}", executable, process.exitValue(), output.strip());
        return Optional.empty();
      }
      return Optional.of(output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return Optional.empty();
    } catch (Exception e) {
      log.warn("could not read {}: {}", executable, e.toString());
      return Optional.empty();
    }
  }
}

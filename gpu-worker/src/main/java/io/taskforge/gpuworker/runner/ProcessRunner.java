package io.taskforge.gpuworker.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.TaskCancelledException;
import io.taskforge.activities.TaskContext;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.gpuworker.GpuWorkerSettings.TypeSettings;
import io.taskforge.workflows.task.ArtifactRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code process} runner: runs a configured command on the slot's device.
 *
 * <p>Protocol, for any language: the task's parameters arrive as one JSON object on stdin; lines
 * {@code PROGRESS <percent> <message>} on stdout or stderr become progress heartbeats; the result
 * is the JSON in the file named by {@code TASKFORGE_RESULT_FILE} if the command wrote it, else the
 * last other line on stdout; files written to {@code TASKFORGE_OUTPUT_DIR} become artifacts ({@code
 * TASKFORGE_TASK_ID}, {@code TASKFORGE_ATTEMPT} and {@code TASKFORGE_MODEL} say what runs). Exit
 * code 65 means invalid input (not retried); "CUDA out of memory" in the output means the GPU ran
 * out of memory (retried). The device comes as {@code CUDA_VISIBLE_DEVICES} (empty in CPU mode). On
 * cancellation or timeout the whole process tree is killed.
 */
public final class ProcessRunner implements InferenceRunner {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);
  private static final int TAIL_LINES = 40;

  private final String taskType;
  private final TypeSettings settings;
  private final Path workDir;
  private final ObjectMapper json;

  public ProcessRunner(String taskType, TypeSettings settings, Path workDir, ObjectMapper json) {
    if (settings.command().isEmpty()) {
      throw new IllegalArgumentException(
          "taskforge.gpu.types." + taskType + ".command is required for the process runner");
    }
    this.taskType = taskType;
    this.settings = settings;
    this.workDir = workDir;
    this.json = json;
  }

  @Override
  public InferenceResult run(InferenceRequest request, TaskContext context) throws Exception {
    Files.createDirectories(workDir);
    Path scratch = Files.createTempDirectory(workDir, "task-");
    try {
      return runIn(scratch, request, context);
    } finally {
      deleteTree(scratch);
    }
  }

  private InferenceResult runIn(Path scratch, InferenceRequest request, TaskContext context)
      throws Exception {
    Path outputDir = Files.createDirectory(scratch.resolve("output"));
    Path resultFile = scratch.resolve("result.json");
    ProcessBuilder builder = new ProcessBuilder(settings.command());
    Map<String, String> env = builder.environment();
    env.putAll(settings.env());
    env.put("CUDA_VISIBLE_DEVICES", request.device().cudaVisibleDevices());
    env.put("TASKFORGE_DEVICE", request.device().device());
    env.put("TASKFORGE_OUTPUT_DIR", outputDir.toString());
    env.put("TASKFORGE_RESULT_FILE", resultFile.toString());
    env.put("TASKFORGE_TASK_ID", request.taskId());
    env.put("TASKFORGE_TASK_TYPE", taskType);
    env.put("TASKFORGE_ATTEMPT", Integer.toString(context.attempt()));
    if (request.model() != null) {
      env.put("TASKFORGE_MODEL", request.model());
    }
    Process process = builder.start();
    OutputReader stdout = new OutputReader(process.getInputStream(), context, "stdout");
    OutputReader stderr = new OutputReader(process.getErrorStream(), context, "stderr");
    stdout.start();
    stderr.start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(json.writeValueAsBytes(request.params()));
    } catch (IOException e) {
      // The command may exit without reading its input; its exit code tells what happened.
    }
    awaitExit(process, context);
    stdout.join(KILL_GRACE.toMillis());
    stderr.join(KILL_GRACE.toMillis());
    int exit = process.exitValue();
    if (exit != 0) {
      throw InferenceFailures.fromProcessExit(exit, stderr.tail() + "\n" + stdout.tail());
    }
    Map<String, Object> data = result(resultFile, stdout.lastLine());
    return new InferenceResult(data, artifacts(outputDir, context), request.model());
  }

  /** Waits for the process; kills its tree on cancellation, interrupt or timeout. */
  private void awaitExit(Process process, TaskContext context) throws InterruptedException {
    Instant deadline = Instant.now().plus(settings.timeout());
    try {
      while (!process.waitFor(POLL.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (context.isCancelled()) {
          killTree(process);
          throw new TaskCancelledException();
        }
        if (Instant.now().isAfter(deadline)) {
          killTree(process);
          throw InferenceFailures.failed(
              "inference process ran longer than " + settings.timeout() + " and was killed");
        }
      }
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
  }

  /** Asks the tree to stop, then kills what is left after a short grace. */
  static void killTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + KILL_GRACE.toNanos();
    for (ProcessHandle handle : tree) {
      while (handle.isAlive() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          break; // kill at once below
        }
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> result(Path resultFile, String lastLine) {
    String text;
    try {
      text =
          Files.isRegularFile(resultFile) && Files.size(resultFile) > 0
              ? Files.readString(resultFile)
              : lastLine;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (text == null || text.isBlank()) {
      throw InferenceFailures.failed("inference process printed no result");
    }
    Object value;
    try {
      value = json.readValue(text, Object.class);
    } catch (IOException e) {
      throw InferenceFailures.failed("inference process result is not JSON: " + text.strip());
    }
    if (value instanceof Map<?, ?> map) {
      return new LinkedHashMap<>((Map<String, Object>) map);
    }
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put("output", value);
    return wrapped;
  }

  private static List<ArtifactRef> artifacts(Path outputDir, TaskContext context)
      throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(outputDir)) {
      files = listed.filter(Files::isRegularFile).sorted().toList();
    }
    List<ArtifactRef> refs = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (!ArtifactStore.isSafe(name)) {
        continue;
      }
      String type = Files.probeContentType(file);
      refs.add(
          context.writeArtifact(
              name,
              type == null ? "application/octet-stream" : type,
              out -> Files.copy(file, out)));
    }
    return refs;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Scratch space; a leftover folder is harmless.
    }
  }

  /** Reads one output stream: progress lines to heartbeats, the rest kept for result and errors. */
  private static final class OutputReader extends Thread {
    private final InputStream stream;
    private final TaskContext context;
    private final List<String> tail = new ArrayList<>();
    private volatile String lastLine;

    OutputReader(InputStream stream, TaskContext context, String name) {
      super("process-" + name);
      setDaemon(true);
      this.stream = stream;
      this.context = context;
    }

    @Override
    public void run() {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          ProgressLine.parse(line)
              .ifPresentOrElse(p -> context.progress(p.percent(), p.message()), remember(line));
        }
      } catch (IOException e) {
        // The process was killed; what was read so far is kept.
      }
    }

    private Runnable remember(String line) {
      return () -> {
        synchronized (tail) {
          tail.add(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        if (!line.isBlank()) {
          lastLine = line;
        }
      };
    }

    String lastLine() {
      return lastLine;
    }

    String tail() {
      synchronized (tail) {
        return String.join("\n", tail);
      }
    }
  }
}

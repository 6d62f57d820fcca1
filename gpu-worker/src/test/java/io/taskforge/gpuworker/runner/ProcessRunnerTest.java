package io.taskforge.gpuworker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskforge.activities.TaskCancelledException;
import io.taskforge.gpuworker.GpuWorkerSettings.TypeSettings;
import io.taskforge.gpuworker.slot.DeviceLease;
import io.taskforge.workflows.gpu.GpuFailureTypes;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.Progress;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process runner against real python3 scripts (test resources/scripts). */
class ProcessRunnerTest {
  static final DeviceLease GPU_1 = new DeviceLease(1, 1, "NVIDIA A100", "1");
  static final DeviceLease CPU = new DeviceLease(2, DeviceLease.CPU, "cpu", "");

  @TempDir Path dir;

  static Path script(String name) {
    return Path.of("src/test/resources/scripts", name).toAbsolutePath();
  }

  ProcessRunner runner(String script, Duration timeout, Map<String, String> env) {
    TypeSettings settings =
        new TypeSettings(
            "process",
            null,
            null,
            null,
            null,
            List.of("python3", script(script).toString()),
            env,
            timeout);
    return new ProcessRunner(
        "llm_inference",
        settings,
        dir.resolve("work"),
        JacksonJsonPayloadConverter.newDefaultObjectMapper());
  }

  static InferenceRequest request(DeviceLease device) {
    return new InferenceRequest(
        "task-1", "llm_inference", Map.of("prompt", "hello", "model", "llama"), "llama", device);
  }

  @Test
  void script_getsParamsOnStdinAndDeviceInEnv_andItsLastLineIsTheResult() throws Exception {
    FakeTaskContext context = new FakeTaskContext(dir.resolve("artifacts"), "task-1");

    InferenceResult result =
        runner("echo_params.py", Duration.ofMinutes(1), Map.of("EXTRA", "x"))
            .run(request(GPU_1), context);

    assertThat(result.data())
        .containsEntry("params", Map.of("prompt", "hello", "model", "llama"))
        .containsEntry("cuda", "1")
        .containsEntry("device", "cuda:1")
        .containsEntry("model", "llama")
        .containsEntry("extra", "x");
    assertThat(context.progress())
        .extracting(Progress::percent, Progress::message)
        .contains(
            org.assertj.core.groups.Tuple.tuple(25.0, "loading model"),
            org.assertj.core.groups.Tuple.tuple(75.0, "generating"));
    assertThat(result.artifacts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.name()).isEqualTo("out.txt");
              assertThat(a.sizeBytes()).isPositive();
            });
    assertThat(Files.readString(context.artifacts().find("task-1", "out.txt").orElseThrow()))
        .isEqualTo("artifact for task-1");
    assertThat(Files.list(dir.resolve("work"))).as("scratch folders are removed").isEmpty();
  }

  @Test
  void cpuMode_hidesEveryGpuFromTheProcess() throws Exception {
    InferenceResult result =
        runner("echo_params.py", Duration.ofMinutes(1), Map.of())
            .run(request(CPU), new FakeTaskContext(dir, "task-1"));

    assertThat(result.data()).containsEntry("cuda", "").containsEntry("device", "cpu");
  }

  @Test
  void resultFile_winsOverStdout() throws Exception {
    InferenceResult result =
        runner("result_file.py", Duration.ofMinutes(1), Map.of())
            .run(request(CPU), new FakeTaskContext(dir, "task-1"));

    assertThat(result.data()).isEqualTo(Map.of("from", "file"));
  }

  @Test
  void cudaOutOfMemory_isRetryableGpuOutOfMemory() {
    assertThatThrownBy(
            () ->
                runner("oom.py", Duration.ofMinutes(1), Map.of())
                    .run(request(GPU_1), new FakeTaskContext(dir, "task-1")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(GpuFailureTypes.GPU_OUT_OF_MEMORY);
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getOriginalMessage()).contains("CUDA out of memory");
            });
  }

  @Test
  void exit65_isNonRetryableInvalidParams() {
    assertThatThrownBy(
            () ->
                runner("invalid.py", Duration.ofMinutes(1), Map.of())
                    .run(request(CPU), new FakeTaskContext(dir, "task-1")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("prompt is required");
            });
  }

  @Test
  void otherCrash_isRetryableInferenceFailed() {
    assertThatThrownBy(
            () ->
                runner("crash.py", Duration.ofMinutes(1), Map.of())
                    .run(request(CPU), new FakeTaskContext(dir, "task-1")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(GpuFailureTypes.INFERENCE_FAILED);
              assertThat(f.isNonRetryable()).isFalse();
            });
  }

  @Test
  void outputThatIsNotJson_failsTheAttempt() {
    assertThatThrownBy(
            () ->
                runner("not_json.py", Duration.ofMinutes(1), Map.of())
                    .run(request(CPU), new FakeTaskContext(dir, "task-1")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getOriginalMessage()).contains("not JSON"));
  }

  @Test
  void cancellation_killsTheWholeProcessTree() throws Exception {
    Path pids = dir.resolve("pids");
    FakeTaskContext context = new FakeTaskContext(dir, "task-1");
    ProcessRunner runner =
        runner("spawn_and_wait.py", Duration.ofMinutes(5), Map.of("PID_FILE", pids.toString()));
    CompletableFuture<InferenceResult> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return runner.run(request(CPU), context);
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pids) && Files.size(pids) > 0);
    List<ProcessHandle> tree = handles(pids);
    assertThat(tree).allMatch(ProcessHandle::isAlive);

    context.cancel();

    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TaskCancelledException.class);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void timeout_killsTheProcessTreeAndFailsRetryably() throws Exception {
    Path pids = dir.resolve("pids");
    ProcessRunner runner =
        runner("spawn_and_wait.py", Duration.ofSeconds(2), Map.of("PID_FILE", pids.toString()));

    assertThatThrownBy(() -> runner.run(request(CPU), new FakeTaskContext(dir, "task-1")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(GpuFailureTypes.INFERENCE_FAILED);
              assertThat(f.getOriginalMessage()).contains("killed");
            });
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> handles(pids).stream().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void interrupt_killsTheProcess() throws Exception {
    Path pids = dir.resolve("pids");
    ProcessRunner runner =
        runner("spawn_and_wait.py", Duration.ofMinutes(5), Map.of("PID_FILE", pids.toString()));
    Thread thread =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    runner.run(request(CPU), new FakeTaskContext(dir, "task-1"));
                  } catch (Exception expected) {
                    // interrupted
                  }
                });
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pids) && Files.size(pids) > 0);
    List<ProcessHandle> tree = handles(pids);

    thread.interrupt();
    thread.join(10_000);

    assertThat(thread.isAlive()).isFalse();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
  }

  /** The script's process and its grandchild; a handle is only "alive" while its pid runs. */
  private static List<ProcessHandle> handles(Path pids) throws Exception {
    return java.util.Arrays.stream(Files.readString(pids).trim().split(" "))
        .map(Long::parseLong)
        .map(pid -> ProcessHandle.of(pid).orElse(null))
        .filter(java.util.Objects::nonNull)
        .toList();
  }
}

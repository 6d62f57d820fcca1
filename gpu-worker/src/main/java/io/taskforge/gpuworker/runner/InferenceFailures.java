package io.taskforge.gpuworker.runner;

import io.taskforge.workflows.gpu.GpuFailureTypes;
import io.taskforge.workflows.task.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.regex.Pattern;

/**
 * Classifies inference failures the same way for every runner: the GPU running out of memory and a
 * dead or failing inference server are retried (on another worker if one is free), invalid input is
 * not.
 */
public final class InferenceFailures {
  /** What CUDA, PyTorch, vLLM and llama.cpp print when GPU memory runs out. */
  private static final Pattern OUT_OF_MEMORY =
      Pattern.compile(
          "(?i)(cuda out of memory|out of memory|CUDA_ERROR_OUT_OF_MEMORY|cudaErrorMemoryAllocation"
              + "|OutOfMemoryError|failed to allocate .*(vram|device memory))");

  /** A process exiting with this (sysexits EX_DATAERR) says its input was invalid. */
  public static final int EXIT_INVALID_PARAMS = 65;

  private InferenceFailures() {}

  public static boolean mentionsOutOfMemory(String text) {
    return text != null && OUT_OF_MEMORY.matcher(text).find();
  }

  /** An inference server's error answer. */
  public static ApplicationFailure fromHttpStatus(int status, String body) {
    String message = "inference server answered " + status + ": " + abbreviate(body);
    if (status == 507 || mentionsOutOfMemory(body)) {
      return outOfMemory(message);
    }
    if (status >= 500 || status == 429 || status == 408) {
      return ApplicationFailure.newFailure(message, GpuFailureTypes.INFERENCE_SERVER_UNAVAILABLE);
    }
    if (status == 400 || status == 413 || status == 422) {
      return invalidParams(message);
    }
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.REMOTE_REJECTED);
  }

  /** The server could not be reached at all (refused, reset, timed out). */
  public static ApplicationFailure serverUnreachable(String baseUrl, Exception cause) {
    return ApplicationFailure.newFailure(
        "inference server " + baseUrl + " unreachable: " + cause,
        GpuFailureTypes.INFERENCE_SERVER_UNAVAILABLE);
  }

  /** A process that exited with an error; {@code output} is the tail of what it printed. */
  public static ApplicationFailure fromProcessExit(int exitCode, String output) {
    String message = "inference process exited with " + exitCode + ": " + abbreviate(output);
    if (mentionsOutOfMemory(output)) {
      return outOfMemory(message);
    }
    if (exitCode == EXIT_INVALID_PARAMS) {
      return invalidParams(message);
    }
    return ApplicationFailure.newFailure(message, GpuFailureTypes.INFERENCE_FAILED);
  }

  public static ApplicationFailure outOfMemory(String message) {
    return ApplicationFailure.newFailure(message, GpuFailureTypes.GPU_OUT_OF_MEMORY);
  }

  public static ApplicationFailure invalidParams(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_PARAMS);
  }

  public static ApplicationFailure failed(String message) {
    return ApplicationFailure.newFailure(message, GpuFailureTypes.INFERENCE_FAILED);
  }

  /**
   * Whether the failure says the inference server is down or failing (no answer, a timeout, 5xx,
   * 429), which counts against its circuit breaker; out of memory and bad input do not.
   */
  public static boolean isServerFailure(ApplicationFailure failure) {
    return GpuFailureTypes.INFERENCE_SERVER_UNAVAILABLE.equals(failure.getType());
  }

  /** Whether the failure should rest this worker's device so that another worker retries it. */
  public static boolean restsDevice(ApplicationFailure failure) {
    return GpuFailureTypes.GPU_OUT_OF_MEMORY.equals(failure.getType())
        || GpuFailureTypes.INFERENCE_SERVER_UNAVAILABLE.equals(failure.getType());
  }

  static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.strip();
    return flat.length() <= 2000 ? flat : "..." + flat.substring(flat.length() - 2000);
  }
}

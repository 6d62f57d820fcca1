package io.taskforge.workflows.gpu;

/**
 * {@code ApplicationFailure} types that GPU workers raise. Both are retryable: the retry goes back
 * to the shared GPU queue, where another worker can take it (the failing worker rests the device
 * for a moment so that it does not grab the retry itself). Invalid input is {@link
 * io.taskforge.workflows.task.FailureTypes#INVALID_PARAMS}, never retried.
 */
public final class GpuFailureTypes {
  /** The GPU ran out of memory (CUDA OOM, or the inference server said so). */
  public static final String GPU_OUT_OF_MEMORY = "GpuOutOfMemory";

  /** The inference server is down or failing (connection refused, 5xx). */
  public static final String INFERENCE_SERVER_UNAVAILABLE = "InferenceServerUnavailable";

  /** The runner ran but failed in another way (a crashed process, unreadable output). */
  public static final String INFERENCE_FAILED = "InferenceFailed";

  /**
   * The worker took the activity while all its device slots were busy (a rare race between its two
   * queues' polls); retried at once elsewhere.
   */
  public static final String GPU_SLOT_UNAVAILABLE = "GpuSlotUnavailable";

  private GpuFailureTypes() {}
}

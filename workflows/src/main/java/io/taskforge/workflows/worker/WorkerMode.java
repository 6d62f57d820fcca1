package io.taskforge.workflows.worker;

/** How a gpu-worker runs its activities. */
public enum WorkerMode {
  /** On GPUs found by nvidia-smi (or configured): one device per slot. */
  GPU,
  /** No GPU: an explicit fallback with a configured number of CPU slots. */
  CPU
}

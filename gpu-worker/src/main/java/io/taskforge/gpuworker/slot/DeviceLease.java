package io.taskforge.gpuworker.slot;

/**
 * One running activity's hold on one slot of one device.
 *
 * @param id unique among this worker's leases
 * @param deviceIndex the GPU's index, or -1 in CPU mode
 * @param cudaVisibleDevices what a process gets as {@code CUDA_VISIBLE_DEVICES}: the GPU's index,
 *     or the empty string in CPU mode (which hides every GPU from CUDA)
 */
public record DeviceLease(long id, int deviceIndex, String deviceName, String cudaVisibleDevices) {
  public static final int CPU = -1;

  public boolean isCpu() {
    return deviceIndex == CPU;
  }

  /** How results name the device: {@code cuda:0}, or {@code cpu}. */
  public String device() {
    return isCpu() ? "cpu" : "cuda:" + deviceIndex;
  }
}

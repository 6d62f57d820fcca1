package io.taskforge.app.system;

/**
 * How the CPU worker of this process sizes its concurrency ({@code taskforge.worker.*}).
 *
 * @param running whether it is polling now
 * @param tuner {@code resource-based} or {@code fixed}
 * @param workflowTaskSlots workflow tasks at once (fixed with either tuner)
 * @param activitySlots the bounds of activity slots; equal under the fixed tuner
 * @param targetCpu the machine CPU use above which no slot beyond the minimum is handed out
 *     (resource-based only)
 * @param targetMemory this JVM's heap use above which none is (resource-based only)
 * @param activitySlotsUsed activities running now, from the Temporal SDK's {@code
 *     worker_task_slots_used} gauge; null when that metric is not (yet) reported
 */
public record WorkerConcurrencyView(
    boolean running,
    String taskQueue,
    String tuner,
    int workflowTaskSlots,
    SlotRange activitySlots,
    Double targetCpu,
    Double targetMemory,
    Integer activitySlotsUsed) {

  public record SlotRange(int min, int max) {}
}

package io.taskforge.gpuworker.slot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The slot accounting of one worker, shared by all its task queues.
 *
 * <p>Temporal reserves a slot before each poll and uses it only if the poll returns a task. A
 * worker polls two queues ({@code gpu} and {@code gpu@<id>}), and an idle worker must poll both; so
 * each queue may hold as many reservations as there are free slots, but a reservation turns into a
 * lease only while a device slot is free. Leases never exceed a device's slots. In the rare case
 * that both queues hand over a task for the last free slot, the second gets no lease ("overbooked")
 * and its task is handed back at once.
 */
public final class SlotAllocator {
  /** A device and how many activities it runs at once. */
  public record Device(int index, String name, int slots, String cudaVisibleDevices) {}

  private final List<Device> devices;
  private final int capacity;
  private final Map<Integer, Integer> busyByDevice = new LinkedHashMap<>();
  private final Map<String, Integer> reservedByQueue = new HashMap<>();
  private final Map<Long, DeviceLease> leases = new HashMap<>();
  private long nextLeaseId = 1;

  public SlotAllocator(List<Device> devices) {
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("a worker needs at least one device");
    }
    this.devices = List.copyOf(devices);
    this.capacity = devices.stream().mapToInt(Device::slots).sum();
    devices.forEach(device -> busyByDevice.put(device.index(), 0));
  }

  /** In CPU mode: one pseudo device with all the slots, hidden from CUDA. */
  public static SlotAllocator cpu(int slots) {
    return new SlotAllocator(List.of(new Device(DeviceLease.CPU, "cpu", slots, "")));
  }

  public int capacity() {
    return capacity;
  }

  /** Reserves a slot for a poll on a queue; false when the queue may not poll now. */
  public synchronized boolean tryReserve(String queue) {
    int reserved = reservedByQueue.getOrDefault(queue, 0);
    if (reserved + leases.size() >= capacity) {
      return false;
    }
    reservedByQueue.put(queue, reserved + 1);
    return true;
  }

  /** A poll came back empty (or was abandoned): its reservation is freed. */
  public synchronized void cancelReservation(String queue) {
    reservedByQueue.computeIfPresent(queue, (q, n) -> n > 1 ? n - 1 : null);
  }

  /**
   * A poll on the queue brought a task: its reservation becomes a lease on the least busy device
   * (lowest index first); empty when every device slot is taken (overbooked).
   */
  public synchronized Optional<DeviceLease> lease(String queue) {
    cancelReservation(queue);
    Device chosen = null;
    for (Device device : devices) {
      int busy = busyByDevice.get(device.index());
      if (busy < device.slots() && (chosen == null || busy < busyByDevice.get(chosen.index()))) {
        chosen = device;
      }
    }
    if (chosen == null) {
      return Optional.empty();
    }
    busyByDevice.merge(chosen.index(), 1, Integer::sum);
    DeviceLease lease =
        new DeviceLease(nextLeaseId++, chosen.index(), chosen.name(), chosen.cudaVisibleDevices());
    leases.put(lease.id(), lease);
    return Optional.of(lease);
  }

  /** The activity finished: its device slot is free again. Releasing twice is harmless. */
  public synchronized void release(DeviceLease lease) {
    if (leases.remove(lease.id()) != null) {
      busyByDevice.merge(lease.deviceIndex(), -1, Integer::sum);
    }
  }

  public synchronized int busy() {
    return leases.size();
  }

  public synchronized int reserved(String queue) {
    return reservedByQueue.getOrDefault(queue, 0);
  }

  /** Busy slots per device index. */
  public synchronized Map<Integer, Integer> busyByDevice() {
    return new LinkedHashMap<>(busyByDevice);
  }

  public synchronized List<DeviceLease> leases() {
    return new ArrayList<>(leases.values());
  }
}

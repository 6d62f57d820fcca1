package io.taskforge.gpuworker.slot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlotAllocatorTest {
  private static final String SHARED = "gpu";
  private static final String OWN = "gpu@w1";

  static SlotAllocator twoGpus(int slotsEach) {
    return new SlotAllocator(
        List.of(
            new SlotAllocator.Device(0, "A", slotsEach, "0"),
            new SlotAllocator.Device(1, "B", slotsEach, "1")));
  }

  @Test
  void idleWorker_mayPollBothQueuesForEachFreeSlot() {
    SlotAllocator slots = twoGpus(1);

    assertThat(slots.tryReserve(SHARED)).isTrue();
    assertThat(slots.tryReserve(SHARED)).isTrue();
    assertThat(slots.tryReserve(SHARED)).isFalse();
    assertThat(slots.tryReserve(OWN)).isTrue();
    assertThat(slots.tryReserve(OWN)).isTrue();
    assertThat(slots.tryReserve(OWN)).isFalse();
  }

  @Test
  void leases_pinEachActivityToTheLeastBusyDevice() {
    SlotAllocator slots = twoGpus(1);
    slots.tryReserve(SHARED);
    slots.tryReserve(SHARED);

    DeviceLease first = slots.lease(SHARED).orElseThrow();
    DeviceLease second = slots.lease(SHARED).orElseThrow();

    assertThat(first.deviceIndex()).isEqualTo(0);
    assertThat(first.cudaVisibleDevices()).isEqualTo("0");
    assertThat(second.deviceIndex()).isEqualTo(1);
    assertThat(second.cudaVisibleDevices()).isEqualTo("1");
    assertThat(slots.busyByDevice()).isEqualTo(Map.of(0, 1, 1, 1));
  }

  @Test
  void busyWorker_pollsNeitherQueue() {
    SlotAllocator slots = twoGpus(1);
    slots.tryReserve(SHARED);
    slots.tryReserve(OWN);
    slots.lease(SHARED).orElseThrow();
    slots.lease(OWN).orElseThrow();

    assertThat(slots.tryReserve(SHARED)).isFalse();
    assertThat(slots.tryReserve(OWN)).isFalse();
  }

  @Test
  void raceForLastSlot_leavesTheSecondTaskWithoutLeaseNeverOverTheSlots() {
    SlotAllocator slots = SlotAllocator.cpu(1);
    assertThat(slots.tryReserve(SHARED)).isTrue();
    assertThat(slots.tryReserve(OWN)).isTrue();

    Optional<DeviceLease> first = slots.lease(SHARED);
    Optional<DeviceLease> second = slots.lease(OWN);

    assertThat(first).isPresent();
    assertThat(first.get().isCpu()).isTrue();
    assertThat(first.get().cudaVisibleDevices()).isEmpty();
    assertThat(second).isEmpty();
    assertThat(slots.busy()).isEqualTo(1);
  }

  @Test
  void release_freesTheSlotOnceEvenIfReleasedTwice() {
    SlotAllocator slots = SlotAllocator.cpu(1);
    slots.tryReserve(SHARED);
    DeviceLease lease = slots.lease(SHARED).orElseThrow();

    slots.release(lease);
    slots.release(lease);

    assertThat(slots.busy()).isZero();
    assertThat(slots.busyByDevice()).containsEntry(DeviceLease.CPU, 0);
    assertThat(slots.tryReserve(SHARED)).isTrue();
    assertThat(slots.tryReserve(SHARED)).isFalse();
  }

  @Test
  void emptyPoll_returnsItsReservation() {
    SlotAllocator slots = SlotAllocator.cpu(1);
    slots.tryReserve(SHARED);

    slots.cancelReservation(SHARED);

    assertThat(slots.reserved(SHARED)).isZero();
    assertThat(slots.tryReserve(SHARED)).isTrue();
  }

  @Test
  void twoSlotsPerGpu_fillBothDevicesEvenlyBeforeDoubling() {
    SlotAllocator slots = twoGpus(2);
    List<DeviceLease> leases = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      slots.tryReserve(SHARED);
      leases.add(slots.lease(SHARED).orElseThrow());
    }

    assertThat(leases).extracting(DeviceLease::deviceIndex).containsExactly(0, 1, 0, 1);
    assertThat(slots.tryReserve(SHARED)).isFalse();
  }

  @Test
  void randomInterleavings_neverExceedAnyDevicesSlots() {
    SlotAllocator slots = twoGpus(2);
    Random random = new Random(42);
    List<DeviceLease> held = new ArrayList<>();
    int[] reservations = new int[2];
    String[] queues = {SHARED, OWN};
    for (int step = 0; step < 10_000; step++) {
      int q = random.nextInt(2);
      switch (random.nextInt(4)) {
        case 0 -> {
          if (slots.tryReserve(queues[q])) {
            reservations[q]++;
          }
        }
        case 1 -> {
          if (reservations[q] > 0) {
            reservations[q]--;
            slots.lease(queues[q]).ifPresent(held::add);
          }
        }
        case 2 -> {
          if (reservations[q] > 0) {
            reservations[q]--;
            slots.cancelReservation(queues[q]);
          }
        }
        default -> {
          if (!held.isEmpty()) {
            slots.release(held.remove(random.nextInt(held.size())));
          }
        }
      }
      assertThat(slots.busy()).isEqualTo(held.size()).isLessThanOrEqualTo(4);
      assertThat(slots.busyByDevice().values()).allSatisfy(n -> assertThat(n).isBetween(0, 2));
    }
  }
}

package io.taskforge.gpuworker.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityInfo;
import io.temporal.worker.tuning.ActivitySlotInfo;
import io.temporal.worker.tuning.SlotMarkUsedContext;
import io.temporal.worker.tuning.SlotPermit;
import io.temporal.worker.tuning.SlotReleaseContext;
import io.temporal.worker.tuning.SlotReleaseReason;
import io.temporal.worker.tuning.SlotReserveContext;
import io.temporal.worker.tuning.SlotSupplierFuture;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Temporal side of slot accounting, driven as the SDK's pollers drive it. */
class GpuSlotSupplierTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void oneSlot_secondPollOnSameQueueWaitsUntilTheTaskEnds() throws Exception {
    GpuSlotSupplier supplier = new GpuSlotSupplier(SlotAllocator.cpu(1), timer, Duration.ZERO);
    SlotPermit permit = supplier.reserveSlot(reserve("gpu")).get(1, TimeUnit.SECONDS);
    ActivityInfo task = activity("t1");
    supplier.markSlotUsed(used(permit, task));

    SlotSupplierFuture waiting = supplier.reserveSlot(reserve("gpu"));
    assertThat(waiting).isNotDone();
    assertThat(supplier.leaseOf(task)).map(DeviceLease::device).contains("cpu");

    supplier.releaseSlot(released(permit, task));
    assertThat(waiting.get(1, TimeUnit.SECONDS)).isNotNull();
    assertThat(supplier.leaseOf(task)).isEmpty();
  }

  @Test
  void busyWorker_doesNotPollItsOwnQueueEither() {
    GpuSlotSupplier supplier = new GpuSlotSupplier(SlotAllocator.cpu(1), timer, Duration.ZERO);
    SlotPermit permit = supplier.reserveSlot(reserve("gpu")).join();
    supplier.markSlotUsed(used(permit, activity("t1")));

    assertThat(supplier.reserveSlot(reserve("gpu@w1"))).isNotDone();
    assertThat(supplier.tryReserveSlot(reserve("gpu@w1"))).isEmpty();
  }

  @Test
  void idleWorker_pollsItsOwnQueueEvenWhileSharedQueuePollersWait() {
    GpuSlotSupplier supplier = new GpuSlotSupplier(SlotAllocator.cpu(1), timer, Duration.ZERO);
    supplier.reserveSlot(reserve("gpu")).join();
    SlotSupplierFuture waitingShared = supplier.reserveSlot(reserve("gpu"));

    SlotSupplierFuture own = supplier.reserveSlot(reserve("gpu@w1"));

    assertThat(waitingShared).isNotDone();
    assertThat(own).isDone();
  }

  @Test
  void emptyPoll_givesItsSlotToAWaitingPoller() throws Exception {
    GpuSlotSupplier supplier = new GpuSlotSupplier(SlotAllocator.cpu(1), timer, Duration.ZERO);
    SlotPermit first = supplier.reserveSlot(reserve("gpu")).join();
    SlotSupplierFuture second = supplier.reserveSlot(reserve("gpu"));

    supplier.releaseSlot(released(first, null));

    assertThat(second.get(1, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void abortedReservation_isForgotten() {
    GpuSlotSupplier supplier = new GpuSlotSupplier(SlotAllocator.cpu(1), timer, Duration.ZERO);
    SlotPermit first = supplier.reserveSlot(reserve("gpu")).join();
    SlotSupplierFuture aborted = supplier.reserveSlot(reserve("gpu"));

    assertThat(aborted.abortReservation()).isNull();
    supplier.releaseSlot(released(first, null));

    assertThat(supplier.allocator().reserved("gpu")).isZero();
  }

  @Test
  void failedTaskThatRestsTheDevice_keepsTheSlotForTheCooldown() throws Exception {
    GpuSlotSupplier supplier =
        new GpuSlotSupplier(SlotAllocator.cpu(1), timer, Duration.ofMillis(300));
    SlotPermit permit = supplier.reserveSlot(reserve("gpu")).join();
    ActivityInfo task = activity("t1");
    supplier.markSlotUsed(used(permit, task));
    supplier.restAfterFailure(task);

    supplier.releaseSlot(released(permit, task));
    SlotSupplierFuture next = supplier.reserveSlot(reserve("gpu"));

    assertThat(next).isNotDone();
    assertThat(next.get(2, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void overbookedTask_hasNoLeaseAndFreesNothingOnRelease() {
    GpuSlotSupplier supplier = new GpuSlotSupplier(SlotAllocator.cpu(1), timer, Duration.ZERO);
    SlotPermit shared = supplier.reserveSlot(reserve("gpu")).join();
    SlotPermit own = supplier.reserveSlot(reserve("gpu@w1")).join();
    ActivityInfo first = activity("t1");
    ActivityInfo second = activity("t2");
    supplier.markSlotUsed(used(shared, first));
    supplier.markSlotUsed(used(own, second));

    assertThat(supplier.leaseOf(first)).isPresent();
    assertThat(supplier.leaseOf(second)).isEmpty();
    supplier.releaseSlot(released(own, second));
    assertThat(supplier.allocator().busy()).isEqualTo(1);
  }

  // --- fakes of the SDK's contexts ---

  static ActivityInfo activity(String token) {
    return (ActivityInfo)
        Proxy.newProxyInstance(
            ActivityInfo.class.getClassLoader(),
            new Class<?>[] {ActivityInfo.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getTaskToken" -> token.getBytes(StandardCharsets.UTF_8);
                  case "hashCode" -> token.hashCode();
                  case "equals" -> proxy == args[0];
                  case "toString" -> "activity " + token;
                  default -> null;
                });
  }

  static SlotReserveContext<ActivitySlotInfo> reserve(String queue) {
    return new SlotReserveContext<>() {
      @Override
      public String getTaskQueue() {
        return queue;
      }

      @Override
      public Map<SlotPermit, ActivitySlotInfo> getUsedSlots() {
        return Map.of();
      }

      @Override
      public String getWorkerIdentity() {
        return "test";
      }

      @Override
      public String getWorkerBuildId() {
        return "";
      }

      @Override
      public int getNumIssuedSlots() {
        return 0;
      }
    };
  }

  static SlotMarkUsedContext<ActivitySlotInfo> used(SlotPermit permit, ActivityInfo activity) {
    ActivitySlotInfo info = new ActivitySlotInfo(activity, "test", "");
    return new SlotMarkUsedContext<>() {
      @Override
      public ActivitySlotInfo getSlotInfo() {
        return info;
      }

      @Override
      public SlotPermit getSlotPermit() {
        return permit;
      }
    };
  }

  static SlotReleaseContext<ActivitySlotInfo> released(SlotPermit permit, ActivityInfo activity) {
    ActivitySlotInfo info = activity == null ? null : new ActivitySlotInfo(activity, "test", "");
    return new SlotReleaseContext<>() {
      @Override
      public SlotReleaseReason getSlotReleaseReason() {
        return activity == null ? SlotReleaseReason.neverUsed() : SlotReleaseReason.taskComplete();
      }

      @Override
      public SlotPermit getSlotPermit() {
        return permit;
      }

      @Override
      public ActivitySlotInfo getSlotInfo() {
        return info;
      }
    };
  }
}

package io.taskforge.gpuworker.slot;

import io.temporal.activity.ActivityInfo;
import io.temporal.worker.tuning.ActivitySlotInfo;
import io.temporal.worker.tuning.SlotMarkUsedContext;
import io.temporal.worker.tuning.SlotPermit;
import io.temporal.worker.tuning.SlotReleaseContext;
import io.temporal.worker.tuning.SlotReserveContext;
import io.temporal.worker.tuning.SlotSupplier;
import io.temporal.worker.tuning.SlotSupplierFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The activity slots of both of this worker's Temporal workers ({@code gpu} and {@code gpu@<id>}),
 * backed by one {@link SlotAllocator}: a worker polls only while it has a free slot, never runs
 * more activities than it has slots in total, and pins each activity to a device.
 *
 * <p>This is Temporal's {@code maxConcurrentActivityExecutionSize = total slots}, but shared across
 * the two queues: two separate limits would let the worker take twice its slots, and a busy worker
 * would take affinity-routed work it cannot start instead of letting it fall back.
 */
public final class GpuSlotSupplier implements SlotSupplier<ActivitySlotInfo>, DeviceLeases {
  private final SlotAllocator allocator;
  private final ScheduledExecutorService timer;
  private final Duration cooldown;
  private final Deque<Waiter> waiters = new ArrayDeque<>();
  private final Map<String, Permit> running = new ConcurrentHashMap<>();

  public GpuSlotSupplier(
      SlotAllocator allocator, ScheduledExecutorService timer, Duration cooldown) {
    this.allocator = allocator;
    this.timer = timer;
    this.cooldown = cooldown;
  }

  /** The user data of a permit: its queue, then its lease once a task came. */
  private static final class Permit {
    final String queue;
    volatile DeviceLease lease;
    volatile boolean used;
    volatile boolean rest;

    Permit(String queue) {
      this.queue = queue;
    }
  }

  private record Waiter(String queue, CompletableFuture<SlotPermit> future) {}

  @Override
  public synchronized SlotSupplierFuture reserveSlot(SlotReserveContext<ActivitySlotInfo> ctx) {
    String queue = ctx.getTaskQueue();
    // Waiters of the other queue must not hold this one back: an idle worker polls both.
    if (waiters.stream().noneMatch(w -> w.queue().equals(queue)) && allocator.tryReserve(queue)) {
      return SlotSupplierFuture.completedFuture(new SlotPermit(new Permit(queue)));
    }
    Waiter waiter = new Waiter(queue, new CompletableFuture<>());
    waiters.add(waiter);
    return SlotSupplierFuture.fromCompletableFuture(waiter.future(), () -> forget(waiter));
  }

  @Override
  public synchronized Optional<SlotPermit> tryReserveSlot(
      SlotReserveContext<ActivitySlotInfo> ctx) {
    String queue = ctx.getTaskQueue();
    return allocator.tryReserve(queue)
        ? Optional.of(new SlotPermit(new Permit(queue)))
        : Optional.empty();
  }

  @Override
  public void markSlotUsed(SlotMarkUsedContext<ActivitySlotInfo> ctx) {
    Permit permit = (Permit) ctx.getSlotPermit().userData;
    permit.used = true;
    permit.lease = allocator.lease(permit.queue).orElse(null);
    running.put(key(ctx.getSlotInfo().getActivityInfo()), permit);
  }

  @Override
  public void releaseSlot(SlotReleaseContext<ActivitySlotInfo> ctx) {
    Permit permit = (Permit) ctx.getSlotPermit().userData;
    if (ctx.getSlotInfo() != null) {
      running.remove(key(ctx.getSlotInfo().getActivityInfo()));
    }
    if (!permit.used) {
      allocator.cancelReservation(permit.queue);
      wakeWaiters();
    } else if (permit.lease != null) {
      if (permit.rest && cooldown.isPositive()) {
        // The device keeps its slot a little longer, so the retry goes to another worker.
        timer.schedule(() -> free(permit.lease), cooldown.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        free(permit.lease);
      }
    }
  }

  private void free(DeviceLease lease) {
    allocator.release(lease);
    wakeWaiters();
  }

  private synchronized void wakeWaiters() {
    for (var it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.future().isDone()) {
        it.remove();
      } else if (allocator.tryReserve(waiter.queue())) {
        it.remove();
        if (!waiter.future().complete(new SlotPermit(new Permit(waiter.queue())))) {
          allocator.cancelReservation(waiter.queue());
        }
      }
    }
  }

  private synchronized void forget(Waiter waiter) {
    waiters.remove(waiter);
  }

  @Override
  public Optional<Integer> getMaximumSlots() {
    return Optional.of(allocator.capacity());
  }

  @Override
  public Optional<DeviceLease> leaseOf(ActivityInfo activity) {
    Permit permit = running.get(key(activity));
    return permit == null ? Optional.empty() : Optional.ofNullable(permit.lease);
  }

  @Override
  public void restAfterFailure(ActivityInfo activity) {
    Permit permit = running.get(key(activity));
    if (permit != null) {
      permit.rest = true;
    }
  }

  public SlotAllocator allocator() {
    return allocator;
  }

  private static String key(ActivityInfo activity) {
    return Base64.getEncoder().encodeToString(activity.getTaskToken());
  }
}

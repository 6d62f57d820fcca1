package io.taskforge.gpuworker.task;

import io.taskforge.workflows.worker.WarmModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This worker's counters and the models it holds warm: a model it served within the TTL counts as
 * warm, with the sessions it served it for (the affinity keys the router matches).
 */
public final class WorkerStats {
  private static final int KEYS_PER_MODEL = 32;

  private final Duration warmTtl;
  private final AtomicLong running = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<String, Warm> warm = new ConcurrentHashMap<>();

  public WorkerStats(Duration warmTtl) {
    this.warmTtl = warmTtl;
  }

  private static final class Warm {
    volatile Instant lastUsedAt;
    final Deque<String> keys = new ArrayDeque<>();

    Warm(Instant at) {
      this.lastUsedAt = at;
    }
  }

  public void started() {
    running.incrementAndGet();
  }

  public void finished(boolean succeeded) {
    running.decrementAndGet();
    (succeeded ? completed : failed).incrementAndGet();
  }

  /** The model is loaded now (it just served a task, or its runner says so). */
  public void used(String model, String affinityKey, Instant at) {
    if (model == null || model.isBlank()) {
      return;
    }
    Warm entry = warm.computeIfAbsent(model, m -> new Warm(at));
    synchronized (entry) {
      entry.lastUsedAt = at;
      if (affinityKey != null && !affinityKey.isBlank()) {
        entry.keys.remove(affinityKey);
        entry.keys.addFirst(affinityKey);
        while (entry.keys.size() > KEYS_PER_MODEL) {
          entry.keys.removeLast();
        }
      }
    }
  }

  /** Warm models, most recently used first; models unused past the TTL are dropped. */
  public List<WarmModel> warmModels(Instant now, Collection<String> loadedNow) {
    loadedNow.forEach(model -> used(model, null, now));
    warm.values().removeIf(entry -> entry.lastUsedAt.plus(warmTtl).isBefore(now));
    List<WarmModel> models = new ArrayList<>();
    warm.forEach(
        (model, entry) -> {
          synchronized (entry) {
            models.add(new WarmModel(model, entry.lastUsedAt, List.copyOf(entry.keys)));
          }
        });
    models.sort(Comparator.comparing(WarmModel::lastUsedAt).reversed());
    return models;
  }

  public long running() {
    return running.get();
  }

  public long completed() {
    return completed.get();
  }

  public long failed() {
    return failed.get();
  }
}

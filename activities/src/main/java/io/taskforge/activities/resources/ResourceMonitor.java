package io.taskforge.activities.resources;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Samples the machine every {@code taskforge.resources.interval} on a thread of its own, keeps the
 * latest sample, and raises and clears alerts by {@link AlertRules}: each change is logged,
 * counted, kept in a bounded history and handed to the {@link AlertListener}s (the webhook).
 *
 * <p>It watches and tells; it does not throttle. Seed 002's monitor also slowed task intake under
 * load: here the CPU worker's resource-based tuner ({@code taskforge.worker.tuner}) does that, per
 * slot and from fresher readings (CPU and this JVM's heap, every 100 ms), and work that waits stays
 * queued in Temporal.
 *
 * <p>A failing sample or listener is logged and the monitor goes on. Restartable: Spring stops and
 * starts the lifecycle of a paused test context.
 */
public final class ResourceMonitor implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ResourceMonitor.class);

  private final ResourceSampler sampler;
  private final ResourceSettings settings;
  private final List<AlertListener> listeners;
  private final AlertRules rules;
  private final Deque<AlertTransition> history = new ArrayDeque<>();
  private final Map<SystemResource, Map<AlertLevel, AtomicLong>> raised = counters();
  private final Map<SystemResource, Map<AlertLevel, AtomicLong>> cleared = counters();
  private volatile Snapshot snapshot = new Snapshot(null, List.of(), List.of());
  private ScheduledExecutorService executor;

  /**
   * What readers see, replaced whole after each sample.
   *
   * @param latest the latest sample, null before the first
   * @param active the active alerts
   * @param history alert level changes, newest first
   */
  public record Snapshot(
      ResourceSample latest, List<ActiveAlert> active, List<AlertTransition> history) {}

  public ResourceMonitor(
      ResourceSampler sampler, ResourceSettings settings, List<AlertListener> listeners) {
    this.sampler = Objects.requireNonNull(sampler, "sampler");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listeners = List.copyOf(listeners);
    this.rules = new AlertRules(settings.alerts());
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("resource-monitor").daemon().factory());
    Duration interval = settings.interval();
    executor.scheduleWithFixedDelay(
        this::sampleSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info(
        "resource monitor sampling every {} (alerts: {})", interval, settings.alerts().toString());
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }

  private void sampleSafely() {
    try {
      sampleNow();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: log and keep sampling.
      log.warn("resource sample failed: {}", e.toString(), e);
    }
  }

  /** Takes one sample and applies it; the scheduled thread calls this, and so may tests. */
  public synchronized Snapshot sampleNow() {
    ResourceSample sample = sampler.sample();
    List<AlertTransition> transitions = rules.evaluate(sample);
    for (AlertTransition transition : transitions) {
      record(transition);
    }
    snapshot = new Snapshot(sample, rules.active(), List.copyOf(history));
    for (AlertTransition transition : transitions) {
      notifyListeners(transition, sample);
    }
    return snapshot;
  }

  private void record(AlertTransition t) {
    if (t.from() != null) {
      cleared.get(t.resource()).get(t.from()).incrementAndGet();
    }
    if (t.to() != null) {
      raised.get(t.resource()).get(t.to()).incrementAndGet();
    }
    history.addFirst(t);
    while (history.size() > settings.alerts().historySize()) {
      history.removeLast();
    }
    String message = "resource alert {}: {} {} -> {} (usage {}, threshold {})";
    Object[] args = {
      t.kind().key(),
      t.resource().key(),
      t.from() == null ? "none" : t.from().key(),
      t.to() == null ? "none" : t.to().key(),
      String.format("%.4f", t.value()),
      t.threshold()
    };
    if (t.rising()) {
      log.warn(message, args);
    } else {
      log.info(message, args);
    }
  }

  private void notifyListeners(AlertTransition transition, ResourceSample sample) {
    for (AlertListener listener : listeners) {
      try {
        listener.onTransition(transition, sample);
      } catch (RuntimeException e) {
        log.warn("alert listener {} failed: {}", listener, e.toString(), e);
      }
    }
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  public Optional<ResourceSample> latest() {
    return Optional.ofNullable(snapshot.latest());
  }

  /** Whether the alert of {@code resource} is active at exactly {@code level}. */
  public boolean isActive(SystemResource resource, AlertLevel level) {
    return snapshot.active().stream().anyMatch(a -> a.resource() == resource && a.level() == level);
  }

  /** How often {@code resource}'s alert has reached {@code level} (raised or escalated to it). */
  public long raisedCount(SystemResource resource, AlertLevel level) {
    return raised.get(resource).get(level).get();
  }

  /** How often {@code resource}'s alert has left {@code level} (lowered or cleared from it). */
  public long clearedCount(SystemResource resource, AlertLevel level) {
    return cleared.get(resource).get(level).get();
  }

  public ResourceSettings settings() {
    return settings;
  }

  private static Map<SystemResource, Map<AlertLevel, AtomicLong>> counters() {
    Map<SystemResource, Map<AlertLevel, AtomicLong>> counters = new EnumMap<>(SystemResource.class);
    for (SystemResource resource : SystemResource.values()) {
      Map<AlertLevel, AtomicLong> byLevel = new EnumMap<>(AlertLevel.class);
      for (AlertLevel level : AlertLevel.values()) {
        byLevel.put(level, new AtomicLong());
      }
      counters.put(resource, byLevel);
    }
    return counters;
  }
}

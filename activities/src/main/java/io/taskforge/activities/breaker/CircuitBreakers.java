package io.taskforge.activities.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.taskforge.workflows.task.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's circuit breakers for calls to outside services: one per kind of caller and target
 * (an origin or an inference server's base URL), made on first use, so that one failing host does
 * not stop calls to others. One instance per process: the worker hosted by the app and the API's
 * {@code /api/v1/system/circuit-breakers} see the same breakers.
 *
 * <p>While a breaker is open, {@link #acquire} fails the attempt at once with a retryable {@link
 * FailureTypes#CIRCUIT_OPEN} failure whose next-retry delay is the breaker's remaining open time.
 */
public final class CircuitBreakers {
  /** Tag names on the breakers (and on their metrics); Resilience4j's own tags use "kind". */
  public static final String CALLER_TAG = "caller";

  public static final String TARGET_TAG = "target";

  private static final Logger log = LoggerFactory.getLogger(CircuitBreakers.class);

  private final CircuitBreakerSettings settings;
  private final Clock clock;
  private final CircuitBreakerRegistry registry;
  private final Map<String, Instant> since = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();

  public CircuitBreakers(CircuitBreakerSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.registry =
        CircuitBreakerRegistry.custom()
            .withCircuitBreakerConfig(settings.toConfig(clock)) // checks the defaults at start-up
            .build();
    settings.targets().keySet().forEach(target -> settings.forTarget(target).toConfig(clock));
    registry.getEventPublisher().onEntryAdded(event -> watch(event.getAddedEntry()));
    registry
        .getEventPublisher()
        .onEntryRemoved(
            event -> {
              since.remove(event.getRemovedEntry().getName());
              lastUsed.remove(event.getRemovedEntry().getName());
            });
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /** The Resilience4j registry, for binding its metrics. */
  public CircuitBreakerRegistry registry() {
    return registry;
  }

  /**
   * Leave to call {@code target}.
   *
   * @throws ApplicationFailure retryable {@link FailureTypes#CIRCUIT_OPEN} when the breaker is open
   *     (or half-open with all its trial calls out); details: a map of breaker, target, state and
   *     retryAt
   */
  public BreakerPermit acquire(BreakerKind kind, String target) {
    return acquire(kind, target, message -> null);
  }

  /**
   * Like {@link #acquire(BreakerKind, String)}, with the failure's details made by the caller from
   * its message (a webhook delivery puts its outcome there).
   */
  public BreakerPermit acquire(
      BreakerKind kind, String target, Function<String, Object> detailsOfMessage) {
    CircuitBreakerSettings targetSettings = settings.forTarget(target);
    if (!settings.enabled() || !targetSettings.enabled()) {
      return BreakerPermit.UNGUARDED;
    }
    CircuitBreaker breaker = breaker(kind, target, targetSettings);
    lastUsed.put(breaker.getName(), clock.instant());
    if (breaker.tryAcquirePermission()) {
      return new BreakerPermit(breaker);
    }
    throw circuitOpen(breaker, kind, target, targetSettings, detailsOfMessage);
  }

  /** Every breaker of this process, by name. */
  public List<BreakerSnapshot> snapshot() {
    return registry.getAllCircuitBreakers().stream()
        .sorted(Comparator.comparing(CircuitBreaker::getName))
        .map(this::snapshotOf)
        .toList();
  }

  /** Closes a breaker and forgets its calls; empty if there is none of that name. */
  public Optional<BreakerSnapshot> reset(String name) {
    return registry
        .find(name)
        .map(
            breaker -> {
              breaker.reset();
              log.info("circuit breaker {} reset by an operator", name);
              return snapshotOf(breaker);
            });
  }

  private CircuitBreaker breaker(
      BreakerKind kind, String target, CircuitBreakerSettings targetSettings) {
    String name = kind.id() + ":" + target;
    Optional<CircuitBreaker> existing = registry.find(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    synchronized (this) {
      if (registry.getAllCircuitBreakers().size() >= settings.maxBreakers()) {
        dropIdleClosedBreakers();
      }
      return registry.circuitBreaker(
          name,
          () -> targetSettings.toConfig(clock),
          Map.of(CALLER_TAG, kind.id(), TARGET_TAG, target));
    }
  }

  /** Drops closed breakers unused the longest, to make room; open ones stay, they matter. */
  private void dropIdleClosedBreakers() {
    int excess = registry.getAllCircuitBreakers().size() - settings.maxBreakers() + 1;
    registry.getAllCircuitBreakers().stream()
        .filter(b -> b.getState() == CircuitBreaker.State.CLOSED)
        .sorted(Comparator.comparing(b -> lastUsed.getOrDefault(b.getName(), Instant.MIN)))
        .limit(Math.max(excess, settings.maxBreakers() / 10))
        .map(CircuitBreaker::getName)
        .toList()
        .forEach(registry::remove);
  }

  private void watch(CircuitBreaker breaker) {
    String name = breaker.getName();
    since.put(name, clock.instant());
    breaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              since.put(name, clock.instant());
              CircuitBreaker.State to = event.getStateTransition().getToState();
              if (to == CircuitBreaker.State.OPEN) {
                log.warn(
                    "circuit breaker {} opened ({}): calls fail fast for {}",
                    name,
                    event.getStateTransition(),
                    settingsOf(breaker).waitInOpenState());
              } else {
                log.info("circuit breaker {}: {}", name, event.getStateTransition());
              }
            })
        .onReset(event -> since.put(name, clock.instant()));
  }

  private ApplicationFailure circuitOpen(
      CircuitBreaker breaker,
      BreakerKind kind,
      String target,
      CircuitBreakerSettings targetSettings,
      Function<String, Object> detailsOfMessage) {
    Instant now = clock.instant();
    Optional<Instant> retryAt = retryAt(breaker, targetSettings);
    Duration delay = retryAt.map(at -> Duration.between(now, at)).orElse(Duration.ZERO);
    CircuitBreaker.Metrics metrics = breaker.getMetrics();
    String message;
    if (retryAt.isPresent() && delay.isPositive()) {
      // Whole seconds, rounded up: the delay must not end before the breaker lets a call through.
      delay = Duration.ofSeconds((delay.toMillis() + 999) / 1000);
      message =
          "circuit breaker "
              + breaker.getName()
              + " is open: "
              + kind.id()
              + " calls to "
              + target
              + " failed repeatedly ("
              + rate(metrics.getFailureRate())
              + " of the last "
              + metrics.getNumberOfBufferedCalls()
              + " calls); the attempt was not sent, and a retry waits "
              + delay.toSeconds()
              + "s, until "
              + now.plus(delay)
              + ", when the breaker lets a trial call through";
    } else {
      delay = null; // half-open with its trial calls out: the retry policy's backoff decides
      message =
          "circuit breaker "
              + breaker.getName()
              + " is half-open and its trial calls to "
              + target
              + " are under way; the attempt was not sent, and a retry follows the retry"
              + " policy's backoff";
    }
    Object details = detailsOfMessage.apply(message);
    if (details == null) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("breaker", breaker.getName());
      map.put("target", target);
      map.put("state", breaker.getState().name());
      retryAt.ifPresent(at -> map.put("retryAt", at.toString()));
      details = map;
    }
    return ApplicationFailure.newFailureWithCauseAndDelay(
        message, FailureTypes.CIRCUIT_OPEN, null, delay, details);
  }

  /** When an open breaker lets its first trial call through; empty unless it is open. */
  private Optional<Instant> retryAt(CircuitBreaker breaker, CircuitBreakerSettings targetSettings) {
    if (breaker.getState() != CircuitBreaker.State.OPEN) {
      return Optional.empty();
    }
    Instant opened = since.getOrDefault(breaker.getName(), clock.instant());
    return Optional.of(opened.plus(targetSettings.waitInOpenState()));
  }

  private CircuitBreakerSettings settingsOf(CircuitBreaker breaker) {
    return settings.forTarget(breaker.getTags().getOrDefault(TARGET_TAG, ""));
  }

  private BreakerSnapshot snapshotOf(CircuitBreaker breaker) {
    CircuitBreaker.Metrics metrics = breaker.getMetrics();
    return new BreakerSnapshot(
        breaker.getName(),
        breaker.getTags().get(CALLER_TAG),
        breaker.getTags().get(TARGET_TAG),
        breaker.getState().name(),
        percent(metrics.getFailureRate()),
        percent(metrics.getSlowCallRate()),
        metrics.getNumberOfBufferedCalls(),
        metrics.getNumberOfFailedCalls(),
        metrics.getNumberOfSlowCalls(),
        metrics.getNumberOfNotPermittedCalls(),
        since.get(breaker.getName()),
        retryAt(breaker, settingsOf(breaker)).orElse(null));
  }

  /** Resilience4j says -1 until the window holds its minimum number of calls. */
  private static Float percent(float rate) {
    return rate < 0 ? null : rate;
  }

  private static String rate(float rate) {
    return rate < 0 ? "most" : Math.round(rate) + "%";
  }
}

package io.taskforge.activities.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Circuit breakers for calls to outside services ({@code taskforge.circuit-breakers.*}), one
 * breaker per target. The defaults suit outside HTTP APIs: a target opens when at least half of at
 * least 10 calls in the last minute failed, stays open 30 s, then lets 3 trial calls through.
 *
 * @param enabled false: calls go out without breakers
 * @param failureRateThreshold percent of failed calls in the window that opens the breaker
 * @param slidingWindowType TIME_BASED (the window is the last {@code slidingWindowSize} seconds) or
 *     COUNT_BASED (the last {@code slidingWindowSize} calls)
 * @param slidingWindowSize seconds or calls, by the window type
 * @param minimumCalls calls the window needs before a failure rate counts
 * @param waitInOpenState how long an open breaker fails calls fast before trying again
 * @param permittedCallsInHalfOpenState trial calls after the wait; all must mostly succeed to close
 * @param slowCallDurationThreshold calls slower than this count as slow; empty: none does (a slow
 *     answer is not a failure of an inference server that takes minutes)
 * @param slowCallRateThreshold percent of slow calls that opens the breaker
 * @param maxBreakers above this many targets, closed breakers unused the longest are dropped, so
 *     that calls to ever new hosts cannot fill the memory
 * @param targets overrides by target, keyed by origin ({@code https://api.example.com:443}) or base
 *     URL; in YAML write such a key in brackets: {@code "[https://api.example.com:443]"}
 */
@ConfigurationProperties("taskforge.circuit-breakers")
public record CircuitBreakerSettings(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("50") float failureRateThreshold,
    @DefaultValue("TIME_BASED") SlidingWindowType slidingWindowType,
    @DefaultValue("60") int slidingWindowSize,
    @DefaultValue("10") int minimumCalls,
    @DefaultValue("30s") Duration waitInOpenState,
    @DefaultValue("3") int permittedCallsInHalfOpenState,
    Duration slowCallDurationThreshold,
    @DefaultValue("100") float slowCallRateThreshold,
    @DefaultValue("1000") int maxBreakers,
    Map<String, Overrides> targets) {

  /** Slow-call detection off: no call of an activity lasts this long. */
  private static final Duration NEVER_SLOW = Duration.ofDays(365);

  public CircuitBreakerSettings {
    slidingWindowType =
        slidingWindowType == null ? SlidingWindowType.TIME_BASED : slidingWindowType;
    waitInOpenState = waitInOpenState == null ? Duration.ofSeconds(30) : waitInOpenState;
    if (maxBreakers < 1) {
      throw new IllegalArgumentException("taskforge.circuit-breakers.max-breakers must be >= 1");
    }
    Map<String, Overrides> normalized = new LinkedHashMap<>();
    if (targets != null) {
      targets.forEach((target, overrides) -> normalized.put(normalize(target), overrides));
    }
    targets = Map.copyOf(normalized);
  }

  /** The defaults, as an empty configuration binds them. */
  public static CircuitBreakerSettings defaults() {
    return new CircuitBreakerSettings(
        true,
        50,
        SlidingWindowType.TIME_BASED,
        60,
        10,
        Duration.ofSeconds(30),
        3,
        null,
        100,
        1000,
        Map.of());
  }

  /**
   * What one target's breaker may override; empty fields keep the defaults.
   *
   * @param enabled false: calls to this target go out without a breaker
   */
  public record Overrides(
      Boolean enabled,
      Float failureRateThreshold,
      SlidingWindowType slidingWindowType,
      Integer slidingWindowSize,
      Integer minimumCalls,
      Duration waitInOpenState,
      Integer permittedCallsInHalfOpenState,
      Duration slowCallDurationThreshold,
      Float slowCallRateThreshold) {}

  /** These settings with a target's overrides applied, if it has any. */
  public CircuitBreakerSettings forTarget(String target) {
    Overrides o = targets.get(target);
    if (o == null) {
      return this;
    }
    return new CircuitBreakerSettings(
        o.enabled() != null ? o.enabled() : enabled,
        o.failureRateThreshold() != null ? o.failureRateThreshold() : failureRateThreshold,
        o.slidingWindowType() != null ? o.slidingWindowType() : slidingWindowType,
        o.slidingWindowSize() != null ? o.slidingWindowSize() : slidingWindowSize,
        o.minimumCalls() != null ? o.minimumCalls() : minimumCalls,
        o.waitInOpenState() != null ? o.waitInOpenState() : waitInOpenState,
        o.permittedCallsInHalfOpenState() != null
            ? o.permittedCallsInHalfOpenState()
            : permittedCallsInHalfOpenState,
        o.slowCallDurationThreshold() != null
            ? o.slowCallDurationThreshold()
            : slowCallDurationThreshold,
        o.slowCallRateThreshold() != null ? o.slowCallRateThreshold() : slowCallRateThreshold,
        maxBreakers,
        Map.of());
  }

  /**
   * The Resilience4j configuration of one breaker.
   *
   * @throws IllegalArgumentException when a value is out of range (Resilience4j checks them)
   */
  CircuitBreakerConfig toConfig(Clock clock) {
    return CircuitBreakerConfig.custom()
        .failureRateThreshold(failureRateThreshold)
        .slidingWindow(slidingWindowSize, minimumCalls, slidingWindowType)
        .waitDurationInOpenState(waitInOpenState)
        .permittedNumberOfCallsInHalfOpenState(permittedCallsInHalfOpenState)
        .slowCallDurationThreshold(
            slowCallDurationThreshold == null ? NEVER_SLOW : slowCallDurationThreshold)
        .slowCallRateThreshold(slowCallRateThreshold)
        .writableStackTraceEnabled(false)
        .clock(clock)
        .build();
  }

  private static String normalize(String target) {
    try {
      return Targets.baseUrl(target);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "taskforge.circuit-breakers.targets: '"
              + target
              + "' is not an http(s) origin or base URL such as https://api.example.com:443",
          e);
    }
  }
}

package io.taskforge.activities.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.taskforge.activities.breaker.CircuitBreakerSettings.Overrides;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Breakers with tiny windows for tests. */
public final class TestBreakers {
  private TestBreakers() {}

  /** Opens when 2 of the last 4 calls failed (at least 4 calls), open 30 s, 2 trial calls. */
  public static CircuitBreakerSettings tiny(Map<String, Overrides> targets) {
    return new CircuitBreakerSettings(
        true,
        50,
        SlidingWindowType.COUNT_BASED,
        4,
        4,
        Duration.ofSeconds(30),
        2,
        null,
        100,
        1000,
        targets);
  }

  public static CircuitBreakers tiny(Clock clock) {
    return new CircuitBreakers(tiny(Map.of()), clock);
  }

  /** The defaults: nothing opens within a unit test's few calls. */
  public static CircuitBreakers defaults() {
    return new CircuitBreakers(CircuitBreakerSettings.defaults(), Clock.systemUTC());
  }
}

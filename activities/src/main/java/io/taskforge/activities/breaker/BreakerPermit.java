package io.taskforge.activities.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;

/**
 * Leave to make one call through a breaker. Tell it how the call went: {@link #success()} when the
 * target answered (even with a 4xx: it is up and judged the request), {@link #failure} when it did
 * not or answered that it is failing (connection error, timeout, 5xx, 429). Closing a permit that
 * was told neither (the task was cancelled, the request could not even be built) gives the leave
 * back without counting the call.
 */
public final class BreakerPermit implements AutoCloseable {
  /** The permit of a call that has no breaker (breakers off, or off for this target). */
  static final BreakerPermit UNGUARDED = new BreakerPermit(null);

  private final CircuitBreaker breaker;
  private final long startedNanos = System.nanoTime();
  private boolean recorded;

  BreakerPermit(CircuitBreaker breaker) {
    this.breaker = breaker;
  }

  /** The target answered. */
  public void success() {
    if (breaker != null && !recorded) {
      breaker.onSuccess(elapsedNanos(), TimeUnit.NANOSECONDS);
    }
    recorded = true;
  }

  /** The target failed: no answer, a timeout, or an answer that says it is failing. */
  public void failure(Throwable cause) {
    if (breaker != null && !recorded) {
      breaker.onError(elapsedNanos(), TimeUnit.NANOSECONDS, cause);
    }
    recorded = true;
  }

  /** The target answered that it is failing, e.g. {@code HTTP 503}. */
  public void failure(String reason) {
    failure(new TargetFailure(reason));
  }

  /** Gives the leave back if the call was neither a success nor a failure. */
  @Override
  public void close() {
    if (breaker != null && !recorded) {
      breaker.releasePermission();
    }
    recorded = true;
  }

  private long elapsedNanos() {
    return System.nanoTime() - startedNanos;
  }

  /** What a breaker records for an answer that counts as a failure; never thrown. */
  static final class TargetFailure extends RuntimeException {
    TargetFailure(String reason) {
      super(reason, null, false, false);
    }
  }
}

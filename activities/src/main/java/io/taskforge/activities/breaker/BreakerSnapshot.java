package io.taskforge.activities.breaker;

import io.taskforge.workflows.worker.CircuitBreakerState;
import java.time.Instant;

/**
 * One breaker's state at a moment.
 *
 * @param name {@code <kind>:<target>}
 * @param kind {@link BreakerKind#id()}
 * @param state CLOSED, OPEN or HALF_OPEN
 * @param failureRate percent of failed calls in the window; null while the window holds fewer than
 *     the minimum number of calls
 * @param slowCallRate percent of slow calls, likewise
 * @param bufferedCalls calls in the window (half-open: trial calls so far)
 * @param notPermittedCalls calls refused while open, since it last closed
 * @param since when it entered its state
 * @param retryAt while OPEN, when it lets the first trial call through; else null
 */
public record BreakerSnapshot(
    String name,
    String kind,
    String target,
    String state,
    Float failureRate,
    Float slowCallRate,
    int bufferedCalls,
    int failedCalls,
    int slowCalls,
    long notPermittedCalls,
    Instant since,
    Instant retryAt) {

  /**
   * This breaker as a worker report carries it; the API's view maps from that too, so the field
   * list is copied in this one place.
   */
  public CircuitBreakerState toState() {
    return new CircuitBreakerState(
        name,
        kind,
        target,
        state,
        failureRate,
        slowCallRate,
        bufferedCalls,
        failedCalls,
        slowCalls,
        notPermittedCalls,
        since,
        retryAt);
  }
}

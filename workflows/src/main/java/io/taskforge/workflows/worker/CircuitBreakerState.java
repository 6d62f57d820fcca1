package io.taskforge.workflows.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Objects;

/**
 * One circuit breaker of a gpu-worker as its report carries it, so the API can show breakers that
 * live in other processes.
 *
 * @param name the breaker's name, {@code <kind>:<target>}
 * @param kind what calls through it: {@code http_request}, {@code openai} or {@code webhook}
 * @param target the origin or base URL it guards
 * @param state CLOSED, OPEN or HALF_OPEN
 * @param failureRate percent of failed calls in the window; null until the window has its minimum
 *     number of calls
 * @param slowCallRate percent of slow calls, likewise
 * @param since when it entered this state
 * @param retryAt while OPEN, when it lets the first trial call through
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CircuitBreakerState(
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
  public CircuitBreakerState {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
  }
}

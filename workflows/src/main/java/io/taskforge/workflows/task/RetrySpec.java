package io.taskforge.workflows.task;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a task's activity is retried: exponential backoff from {@code initialInterval}, multiplied by
 * {@code backoffCoefficient} after each attempt up to {@code maximumInterval}, at most {@code
 * maximumAttempts} attempts (0 means unlimited, bounded by the execution timeout). Failures whose
 * type is listed in {@code nonRetryableErrorTypes} are never retried.
 */
public record RetrySpec(
    int maximumAttempts,
    Duration initialInterval,
    double backoffCoefficient,
    Duration maximumInterval,
    List<String> nonRetryableErrorTypes) {

  public RetrySpec {
    Objects.requireNonNull(initialInterval, "initialInterval");
    Objects.requireNonNull(maximumInterval, "maximumInterval");
    nonRetryableErrorTypes = List.copyOf(nonRetryableErrorTypes);
    if (maximumAttempts < 0) {
      throw new IllegalArgumentException("maximumAttempts must be >= 0");
    }
    if (backoffCoefficient < 1.0) {
      throw new IllegalArgumentException("backoffCoefficient must be >= 1");
    }
  }

  public static RetrySpec of(int maximumAttempts, Duration initialInterval) {
    return new RetrySpec(
        maximumAttempts, initialInterval, 2.0, initialInterval.multipliedBy(100), List.of());
  }
}

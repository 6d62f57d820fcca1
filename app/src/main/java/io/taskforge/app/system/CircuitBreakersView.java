package io.taskforge.app.system;

import io.taskforge.workflows.worker.CircuitBreakerState;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/v1/system/circuit-breakers} shows.
 *
 * @param enabled whether this process guards outside calls with breakers at all
 * @param breakers this process's breakers: the in-process worker's {@code http_request} and webhook
 *     targets
 * @param gpuWorkers each gpu-worker's breakers (its openai servers) as of its latest report to the
 *     worker registry, a few seconds old at most
 * @param notes why a part could not be read
 */
public record CircuitBreakersView(
    boolean enabled,
    Instant checkedAt,
    List<Breaker> breakers,
    List<GpuWorker> gpuWorkers,
    List<String> notes) {

  /**
   * One breaker.
   *
   * @param name {@code <kind>:<target>}; the name to reset it by and its metrics' {@code name} tag
   * @param kind http_request, openai or webhook
   * @param target the origin ({@code scheme://host:port}) or base URL it guards
   * @param state CLOSED (calls go out), OPEN (calls fail fast with CircuitOpen) or HALF_OPEN (a few
   *     trial calls go out)
   * @param failureRate percent of failed calls in its window; null while the window holds fewer
   *     calls than the minimum
   * @param slowCallRate percent of slow calls, likewise
   * @param bufferedCalls calls in the window
   * @param failedCalls failed calls in the window
   * @param slowCalls slow calls in the window
   * @param notPermittedCalls attempts failed fast since it last closed
   * @param since when it entered its state
   * @param retryAt while OPEN, when it lets the first trial call through
   */
  public record Breaker(
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
     * From the payload form, which this process's own breakers are mapped to as well ({@code
     * BreakerSnapshot#toState}), so that both kinds go through this one mapping.
     */
    static Breaker of(CircuitBreakerState b) {
      return new Breaker(
          b.name(),
          b.kind(),
          b.target(),
          b.state(),
          b.failureRate(),
          b.slowCallRate(),
          b.bufferedCalls(),
          b.failedCalls(),
          b.slowCalls(),
          b.notPermittedCalls(),
          b.since(),
          b.retryAt());
    }
  }

  /**
   * @param reportedAt when the registry received the report these states come from
   * @param healthy whether the worker still reports
   */
  public record GpuWorker(
      String workerId, boolean healthy, Instant reportedAt, List<Breaker> breakers) {}
}

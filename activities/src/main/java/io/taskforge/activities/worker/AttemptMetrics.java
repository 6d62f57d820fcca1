package io.taskforge.activities.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.taskforge.workflows.task.TaskPriority;
import io.temporal.activity.ActivityInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the dispatcher measures of each task attempt, by task type (never by id, so the number of
 * series stays bounded):
 *
 * <ul>
 *   <li>{@code taskforge.task.queue.wait}: from the attempt's scheduling to a worker taking it,
 *       both instants from the Temporal server, so worker clocks do not matter; tagged with the
 *       priority too, since priority decides who waits;
 *   <li>{@code taskforge.task.run.duration}: the handler's run, by outcome;
 *   <li>{@code taskforge.task.retries}: attempts after the first.
 * </ul>
 *
 * Both timers publish fixed buckets, so Grafana can take quantiles across workers with {@code
 * histogram_quantile}.
 */
public final class AttemptMetrics {
  public static final String QUEUE_WAIT = "taskforge.task.queue.wait";
  public static final String RUN_DURATION = "taskforge.task.run.duration";
  public static final String RETRIES = "taskforge.task.retries";

  private static final Duration[] WAIT_BUCKETS =
      durations(
          "PT0.01S", "PT0.05S", "PT0.1S", "PT0.25S", "PT0.5S", "PT1S", "PT2.5S", "PT5S", "PT10S",
          "PT30S", "PT1M", "PT5M", "PT15M", "PT1H");
  private static final Duration[] RUN_BUCKETS =
      durations(
          "PT0.05S", "PT0.1S", "PT0.25S", "PT0.5S", "PT1S", "PT2.5S", "PT5S", "PT10S", "PT30S",
          "PT1M", "PT5M", "PT15M", "PT1H", "PT3H");

  /** How an attempt ended. */
  public enum Outcome {
    SUCCESS,
    FAILURE,
    CANCELLED;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;

  public AttemptMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** An attempt was taken by this worker: its wait in the queue, and whether it is a retry. */
  public void started(ActivityInfo info) {
    String type = info.getActivityType();
    long scheduled = info.getCurrentAttemptScheduledTimestamp();
    long started = info.getStartedTimestamp();
    if (scheduled > 0 && started >= scheduled) {
      Timer.builder(QUEUE_WAIT)
          .description("Time a task attempt waited in its task queue for a worker")
          .tags(Tags.of("type", type, "priority", priority(info)))
          .serviceLevelObjectives(WAIT_BUCKETS)
          .register(registry)
          .record(Duration.ofMillis(started - scheduled));
    }
    if (info.getAttempt() > 1) {
      Counter.builder(RETRIES)
          .description("Task attempts after the first")
          .tag("type", type)
          .register(registry)
          .increment();
    }
  }

  /** An attempt's handler returned or threw after {@code nanos}. */
  public void finished(String type, Outcome outcome, long nanos) {
    Timer.builder(RUN_DURATION)
        .description("Run time of one task attempt on a worker")
        .tags(Tags.of("type", type, "outcome", outcome.tag()))
        .serviceLevelObjectives(RUN_BUCKETS)
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }

  /** The task's priority name; Temporal's key 0 means its default, which is NORMAL here. */
  static String priority(ActivityInfo info) {
    int key = info.getPriority() == null ? 0 : info.getPriority().getPriorityKey();
    return Arrays.stream(TaskPriority.values())
        .filter(p -> p.priorityKey() == key)
        .findFirst()
        .orElse(TaskPriority.NORMAL)
        .name();
  }

  private static Duration[] durations(String... values) {
    return Arrays.stream(values).map(Duration::parse).toArray(Duration[]::new);
  }
}

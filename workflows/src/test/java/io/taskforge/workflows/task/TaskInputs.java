package io.taskforge.workflows.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Task inputs for tests: a "sleep" task with roomy limits, changed only where a test cares. */
final class TaskInputs {
  static final String ACTIVITY_QUEUE = "test-activities";

  private String activityTaskQueue = ACTIVITY_QUEUE;
  private TaskPriority priority = TaskPriority.NORMAL;
  private RetrySpec retry = RetrySpec.of(3, Duration.ofSeconds(1));
  private TimeoutSpec timeouts =
      new TimeoutSpec(Duration.ofHours(1), Duration.ofMinutes(10), null, Duration.ofSeconds(30));
  private boolean manualStart;
  private Instant startAt;

  private TaskInputs() {}

  static TaskInputs sleepTask() {
    return new TaskInputs();
  }

  static RetrySpec retry(
      int maximumAttempts, Duration initialInterval, String... nonRetryableErrorTypes) {
    return new RetrySpec(
        maximumAttempts,
        initialInterval,
        2.0,
        initialInterval.multipliedBy(100),
        List.of(nonRetryableErrorTypes));
  }

  TaskInputs queue(String queue) {
    this.activityTaskQueue = queue;
    return this;
  }

  TaskInputs priority(TaskPriority priority) {
    this.priority = priority;
    return this;
  }

  TaskInputs retry(RetrySpec retry) {
    this.retry = retry;
    return this;
  }

  TaskInputs timeouts(TimeoutSpec timeouts) {
    this.timeouts = timeouts;
    return this;
  }

  TaskInputs manualStart() {
    this.manualStart = true;
    return this;
  }

  TaskInputs startAt(Instant startAt) {
    this.startAt = startAt;
    return this;
  }

  TaskInput build() {
    return new TaskInput(
        "sleep",
        Map.of("duration", "1s"),
        priority,
        activityTaskQueue,
        retry,
        timeouts,
        manualStart,
        startAt);
  }
}

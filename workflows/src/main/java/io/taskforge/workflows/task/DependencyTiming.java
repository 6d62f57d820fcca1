package io.taskforge.workflows.task;

import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** How a waiting task looks its dependencies up when signals cannot tell it. */
final class DependencyTiming {
  /**
   * How long a waiting task goes without news before it looks up its open dependencies itself. A
   * backstop for dependencies that can never signal (terminated, timed out on the server), not the
   * way dependencies normally resolve: that is the {@code dependencyClosed} signal.
   */
  static final Duration BACKSTOP = Duration.ofMinutes(5);

  /** A describe call through the worker's own client: quick, so a local activity. */
  static final LocalActivityOptions LOOKUP_OPTIONS =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setScheduleToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .build())
          .build();

  private DependencyTiming() {}
}

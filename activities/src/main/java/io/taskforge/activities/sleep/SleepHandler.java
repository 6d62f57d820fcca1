package io.taskforge.activities.sleep;

import io.taskforge.activities.TaskCancelledException;
import io.taskforge.activities.TaskContext;
import io.taskforge.activities.TaskHandler;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.Durations;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The {@code sleep} task type: waits, reporting progress, and can fail its first attempts on
 * purpose. It exercises progress, cancellation and retries without any remote dependency.
 */
@Component
public class SleepHandler implements TaskHandler {
  /** The type of the failures that {@code failAttempts} asks for; they are retried. */
  public static final String SLEEP_FAILURE = "SleepFailure";

  /** The longest single wait, so that a cancel is noticed soon even without an interrupt. */
  static final Duration STEP = Duration.ofMillis(250);

  private static final TaskTypeDefinition DEFINITION =
      new TaskTypeDefinition(
          "sleep",
          "Waits for a duration while reporting progress, optionally failing its first attempts"
              + " to demonstrate retries.",
          TaskQueues.DEFAULT,
          List.of(
              ParamSpec.optional(
                  "duration", ParamType.DURATION, "1s", "How long to wait, such as 1s or PT2M."),
              ParamSpec.optional(
                      "failAttempts",
                      ParamType.INTEGER,
                      0,
                      "How many first attempts fail at once with a retryable SleepFailure.")
                  .between(0, 100),
              ParamSpec.optional(
                  "message", ParamType.STRING, null, "A text returned unchanged in the result.")),
          new RetrySpec(
              5,
              Duration.ofSeconds(1),
              2.0,
              Duration.ofSeconds(10),
              List.of(FailureTypes.INVALID_PARAMS)),
          new TimeoutSpec(Duration.ofHours(1), Duration.ofHours(1), null, Duration.ofSeconds(10)));

  @Override
  public TaskTypeDefinition definition() {
    return DEFINITION;
  }

  @Override
  public TaskOutput handle(TaskActivityInput input, TaskContext context) throws Exception {
    Map<String, Object> params = input.params();
    Duration duration =
        Durations.parse(String.valueOf(params.getOrDefault("duration", "1s")))
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "params.duration must be a duration such as 1s or PT2M",
                        FailureTypes.INVALID_PARAMS));
    int failAttempts = params.get("failAttempts") instanceof Number number ? number.intValue() : 0;
    if (context.attempt() <= failAttempts) {
      throw ApplicationFailure.newFailure(
          "attempt " + context.attempt() + " fails on purpose (failAttempts=" + failAttempts + ")",
          SLEEP_FAILURE);
    }

    long totalMillis = duration.toMillis();
    long started = System.nanoTime();
    long elapsedMillis = 0;
    context.progress(0, "sleeping " + duration);
    while (elapsedMillis < totalMillis) {
      context.checkCancelled();
      try {
        Thread.sleep(Math.min(STEP.toMillis(), totalMillis - elapsedMillis));
      } catch (InterruptedException e) {
        if (context.isCancelled()) {
          throw new TaskCancelledException();
        }
        throw e; // the worker is stopping: the attempt fails and is retried
      }
      elapsedMillis = (System.nanoTime() - started) / 1_000_000;
      context.progress(
          Math.min(100.0, 100.0 * elapsedMillis / totalMillis),
          "slept " + Math.min(elapsedMillis, totalMillis) + " of " + totalMillis + " ms");
    }

    if (totalMillis == 0) {
      context.progress(100, "nothing to sleep");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("sleptMillis", elapsedMillis);
    result.put("attempt", context.attempt());
    if (params.get("message") != null) {
      result.put("message", params.get("message"));
    }
    return TaskOutput.of(result);
  }
}

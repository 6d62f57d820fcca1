package io.taskforge.workflows.task;

import static io.taskforge.workflows.task.TaskInputs.sleepTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskActivityOptionsTest {

  @ParameterizedTest
  @CsvSource({"CRITICAL, 1", "HIGH, 2", "NORMAL, 3", "LOW, 4"})
  void priority_mapsToTemporalPriorityKey(TaskPriority priority, int expectedKey) {
    assertThat(priority.priorityKey()).isEqualTo(expectedKey);
    assertThat(priority.toTemporal().getPriorityKey()).isEqualTo(expectedKey);

    ActivityOptions options = TaskActivityOptions.of(sleepTask().priority(priority).build());

    assertThat(options.getPriority().getPriorityKey()).isEqualTo(expectedKey);
  }

  @Test
  void taskSettings_becomeQueueTimeoutsAndRetryOfActivity() {
    TaskInput input =
        sleepTask()
            .queue("gpu")
            .timeouts(
                new TimeoutSpec(
                    Duration.ofHours(2),
                    Duration.ofMinutes(30),
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(20)))
            .retry(
                new RetrySpec(
                    4,
                    Duration.ofSeconds(3),
                    1.5,
                    Duration.ofMinutes(2),
                    List.of(FailureTypes.REMOTE_REJECTED)))
            .build();

    ActivityOptions options = TaskActivityOptions.of(input);

    assertThat(options.getTaskQueue()).isEqualTo("gpu");
    assertThat(options.getScheduleToCloseTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(options.getStartToCloseTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(options.getScheduleToStartTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(options.getHeartbeatTimeout()).isEqualTo(Duration.ofSeconds(20));
    RetryOptions retry = options.getRetryOptions();
    assertThat(retry.getMaximumAttempts()).isEqualTo(4);
    assertThat(retry.getInitialInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(retry.getBackoffCoefficient()).isEqualTo(1.5);
    assertThat(retry.getMaximumInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(retry.getDoNotRetry()).containsExactly(FailureTypes.REMOTE_REJECTED);
  }

  @Test
  void noQueueLimit_leavesScheduleToStartUnset() {
    ActivityOptions options = TaskActivityOptions.of(sleepTask().build());

    assertThat(options.getScheduleToStartTimeout()).isNull();
  }

  @Test
  void cancel_waitsForWorkerToStop() {
    ActivityOptions options = TaskActivityOptions.of(sleepTask().build());

    assertThat(options.getCancellationType())
        .isEqualTo(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
  }
}

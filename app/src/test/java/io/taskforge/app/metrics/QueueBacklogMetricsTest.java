package io.taskforge.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.when;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.worker.QueueView;
import io.taskforge.app.worker.TaskQueueInspector;
import io.taskforge.workflows.worker.WorkerRegistryWorkflow;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueBacklogMetricsTest {
  private final TaskQueueInspector inspector = mock(TaskQueueInspector.class);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private QueueBacklogMetrics metrics;

  @BeforeEach
  void setUp() {
    TemporalApiClient temporal = mock(TemporalApiClient.class);
    WorkflowClient client = mock(WorkflowClient.class);
    when(temporal.workflows()).thenReturn(client);
    // A registry with no gpu-worker in it.
    when(client.newWorkflowStub(WorkerRegistryWorkflow.class, WorkerRegistryWorkflow.ID))
        .thenReturn(mock(WorkerRegistryWorkflow.class));
    metrics =
        new QueueBacklogMetrics(
            inspector,
            temporal,
            new MetricsSettings(Duration.ofSeconds(15)),
            new WorkerSettings(true, "taskforge", 1, 1),
            registry);
  }

  @Test
  void readableQueues_becomeGaugesPerQueueAndType() {
    answerWith(7L, 2.5);

    metrics.refreshQuietly();

    assertThat(gauge(QueueBacklogMetrics.BACKLOG, "taskforge", "workflow")).isEqualTo(7);
    assertThat(gauge(QueueBacklogMetrics.BACKLOG, "taskforge", "activity")).isEqualTo(7);
    assertThat(gauge(QueueBacklogMetrics.BACKLOG, "gpu", "activity")).isEqualTo(7);
    assertThat(gauge(QueueBacklogMetrics.BACKLOG_AGE, "gpu", "activity")).isEqualTo(2.5);
    assertThat(gauge(QueueBacklogMetrics.POLLERS, "gpu", "activity")).isEqualTo(1);
  }

  @Test
  void temporalDown_removesTheGaugesUntilItAnswersAgain() {
    answerWith(7L, 2.5);
    metrics.refreshQuietly();
    when(inspector.describe(anyString(), anyString(), any(TaskQueueType.class)))
        .thenThrow(new StatusRuntimeException(Status.UNAVAILABLE));

    metrics.refreshQuietly();

    assertThat(registry.find(QueueBacklogMetrics.BACKLOG).gauges()).isEmpty();
    assertThat(registry.find(QueueBacklogMetrics.POLLERS).gauges()).isEmpty();

    answerWith(3L, 0.0);
    metrics.refreshQuietly();
    assertThat(gauge(QueueBacklogMetrics.BACKLOG, "taskforge", "activity")).isEqualTo(3);
  }

  @Test
  void serverWithoutStatistics_showsPollersOnly() {
    answerWith(null, null);

    metrics.refreshQuietly();

    assertThat(registry.find(QueueBacklogMetrics.BACKLOG).gauges()).isEmpty();
    assertThat(gauge(QueueBacklogMetrics.POLLERS, "taskforge", "workflow")).isEqualTo(1);
  }

  private void answerWith(Long backlog, Double ageSeconds) {
    reset(inspector);
    when(inspector.describe(anyString(), anyString(), any(TaskQueueType.class)))
        .thenAnswer(
            call ->
                new QueueView(
                    call.getArgument(0),
                    call.getArgument(1),
                    List.of(new QueueView.Poller("worker-1", Instant.now())),
                    backlog,
                    ageSeconds,
                    null,
                    null));
  }

  private double gauge(String name, String queue, String type) {
    return registry.get(name).tags("queue", queue, "queue_type", type).gauge().value();
  }
}

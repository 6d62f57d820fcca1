package io.taskforge.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.worker.WorkerRegistryWorkflow;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The health answer names the part that is down, and never waits past its own deadline. */
class WorkerHealthTest {
  private final TemporalApiClient temporal = mock(TemporalApiClient.class);
  private final WorkflowClient client = mock(WorkflowClient.class);
  private final TaskQueueInspector queues = mock(TaskQueueInspector.class);
  private final WorkerRegistryWorkflow registry = mock(WorkerRegistryWorkflow.class);
  private final CountDownLatch never = new CountDownLatch(1);

  private final WorkerHealth health =
      new WorkerHealth(
          temporal,
          queues,
          new WorkerSettings(true, "taskforge", 16, 50),
          new ApiSettings(
              Duration.ofSeconds(5),
              DataSize.ofMegabytes(1),
              Duration.ofSeconds(5),
              Duration.ofDays(365),
              Duration.ofDays(365),
              Duration.ofMillis(300)));

  WorkerHealthTest() {
    when(temporal.workflows()).thenReturn(client);
    when(client.newWorkflowStub(WorkerRegistryWorkflow.class, WorkerRegistryWorkflow.ID))
        .thenReturn(registry);
  }

  @AfterEach
  void release() {
    never.countDown();
  }

  @Test
  void cpuWorkerDown_namesItsQueue_andTheRegistryItCannotAnswerFor_whileTheGpuQueueIsUp() {
    when(queues.describe(eq("taskforge"), eq("cpu"), eq(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)))
        .thenReturn(queue("taskforge"));
    when(queues.describe(TaskQueues.GPU, "shared")).thenReturn(queue(TaskQueues.GPU, "gpu-1"));
    // A query that no workflow worker picks up: Temporal holds it until its own timeout.
    when(registry.workers())
        .thenAnswer(
            invocation -> {
              never.await();
              return List.of();
            });

    WorkerHealthView view = health.check().block(Duration.ofSeconds(10));

    assertThat(view.status()).isEqualTo("DEGRADED");
    assertThat(view.parts())
        .extracting(WorkerHealthView.Part::name, WorkerHealthView.Part::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("temporal", "UP"),
            org.assertj.core.groups.Tuple.tuple("cpu-worker", "DOWN"),
            org.assertj.core.groups.Tuple.tuple("gpu-queue", "UP"),
            org.assertj.core.groups.Tuple.tuple("worker-registry", "UNKNOWN"));
    assertThat(part(view, "cpu-worker").detail()).contains("no worker polls queue taskforge");
    assertThat(part(view, "worker-registry").detail())
        .contains("did not answer within 300ms")
        .contains("no CPU worker polls taskforge");
    assertThat(view.queues()).extracting(QueueView::name).containsExactly(TaskQueues.GPU);
  }

  @Test
  void temporalUnreachable_isDown_namingTemporal() {
    StatusRuntimeException down =
        new StatusRuntimeException(
            Status.UNAVAILABLE.withDescription("io exception: connection refused: /10.0.0.9:7233"));
    when(queues.describe(eq("taskforge"), eq("cpu"), eq(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)))
        .thenThrow(down);
    when(queues.describe(TaskQueues.GPU, "shared")).thenThrow(down);
    when(registry.workers()).thenThrow(down);

    WorkerHealthView view = health.check().block(Duration.ofSeconds(10));

    assertThat(view.status()).isEqualTo("DOWN");
    assertThat(part(view, "temporal").status()).isEqualTo("DOWN");
    assertThat(part(view, "temporal").detail()).isEqualTo("Temporal is not reachable");
    assertThat(view.toString()).doesNotContain("10.0.0.9");
  }

  @Test
  void everythingUp_isUp() {
    when(queues.describe(eq("taskforge"), eq("cpu"), eq(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)))
        .thenReturn(queue("taskforge", "app-1"));
    when(queues.describe(TaskQueues.GPU, "shared")).thenReturn(queue(TaskQueues.GPU, "gpu-1"));
    when(registry.workers()).thenReturn(List.of());

    WorkerHealthView view = health.check().block(Duration.ofSeconds(10));

    assertThat(view.parts()).allMatch(p -> p.status().equals("UP"));
    assertThat(view.status()).isEqualTo("NO_WORKERS");
  }

  private static WorkerHealthView.Part part(WorkerHealthView view, String name) {
    return view.parts().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  private static QueueView queue(String name, String... pollers) {
    return new QueueView(
        name,
        "q",
        java.util.Arrays.stream(pollers)
            .map(p -> new QueueView.Poller(p, Instant.parse("2026-01-01T00:00:00Z")))
            .toList(),
        null,
        null,
        null,
        null);
  }
}

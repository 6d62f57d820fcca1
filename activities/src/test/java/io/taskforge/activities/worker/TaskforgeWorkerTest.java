package io.taskforge.activities.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.activities.breaker.TestBreakers;
import io.taskforge.activities.dependency.DependencyActivitiesImpl;
import io.taskforge.activities.expansion.ExpansionActivitiesImpl;
import io.taskforge.activities.gpu.GpuRoutingActivitiesImpl;
import io.taskforge.activities.webhook.WebhookActivitiesImpl;
import io.taskforge.activities.webhook.WebhookSettings;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskforgeWorkerTest {
  @TempDir Path artifacts;

  /** Spring stops and restarts the lifecycle of a paused context; the worker must come back. */
  @Test
  void stoppedWorker_startsAgain() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      var client = env.getWorkflowClient();
      var store = new ArtifactStore(artifacts);
      var dispatcher =
          new TaskActivityDispatcher(
              List.of(),
              client,
              store,
              new ResultOffloader(store, client.getOptions().getDataConverter(), 1024),
              Executors.newSingleThreadScheduledExecutor(),
              new SimpleMeterRegistry());
      TaskforgeWorker worker =
          new TaskforgeWorker(
              client,
              dispatcher,
              new ExpansionActivitiesImpl(List.of(), store, new SimpleMeterRegistry()),
              new WebhookActivitiesImpl(
                  new WebhookSettings("", Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(1)),
                  Clock.systemUTC(),
                  TestBreakers.defaults()),
              new DependencyActivitiesImpl(client),
              new GpuRoutingActivitiesImpl(client, Duration.ofSeconds(1)),
              new WorkerSettings(true, "restart-test", 1, 1));

      worker.start();
      worker.stop();
      worker.start();

      assertThat(worker.isRunning()).isTrue();
      worker.stop();
      assertThat(worker.isRunning()).isFalse();
    }
  }
}

package io.taskforge.gpuworker.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.taskforge.activities.breaker.TestBreakers;
import io.taskforge.gpuworker.GpuWorkerSettings;
import io.taskforge.gpuworker.discovery.GpuInventory;
import io.taskforge.gpuworker.discovery.NvidiaSmi;
import io.taskforge.gpuworker.slot.SlotAllocator;
import io.taskforge.gpuworker.task.WorkerStats;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryReporterTest {
  private final GpuWorkerSettings settings =
      new GpuWorkerSettings(
          "w1",
          GpuWorkerSettings.Mode.CPU,
          "nvidia-smi",
          List.of(),
          1,
          1,
          "gpu",
          Duration.ofSeconds(3),
          Duration.ofSeconds(15),
          Duration.ofMinutes(30),
          Duration.ofSeconds(5),
          "target/gpu-work",
          Map.of());

  /**
   * With the server down the SDK retries a signal for a minute; a worker stopping under a 30 s
   * grace period (Kubernetes', compose's as we set it) must not wait for that. The bound asserted
   * is the grace period less the worker's own drain, not a measure of speed.
   */
  @Test
  void stop_serverUnreachable_returnsWithinItsDeadlines() throws IOException {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + freePort()).build());
    try {
      RegistryReporter reporter =
          new RegistryReporter(
              WorkflowClient.newInstance(stubs),
              settings,
              GpuInventory.discover(settings, new NvidiaSmi("nvidia-smi")),
              SlotAllocator.cpu(1),
              new WorkerStats(Duration.ofMinutes(1)),
              List.of(),
              TestBreakers.defaults());
      reporter.start();

      assertTimeoutPreemptively(
          RegistryReporter.SEND_DEADLINE.plus(RegistryReporter.LAST_SEND_DEADLINE).plusSeconds(5),
          () -> reporter.stop());
      assertThat(reporter.isRunning()).isFalse();
    } finally {
      stubs.shutdownNow();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

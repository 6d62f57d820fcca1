package io.taskforge.activities.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class TemporalHealthIndicatorTest {
  @Test
  void serverAnswersForTheNamespace_up() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Health health =
          new TemporalHealthIndicator(
                  env.getWorkflowServiceStubs(), env.getNamespace(), Duration.ofSeconds(2))
              .health();

      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("namespace", env.getNamespace());
    }
  }

  @Test
  void nothingListensAtTheAddress_downAsUnavailable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    try {
      Health health = new TemporalHealthIndicator(stubs, "default", Duration.ofSeconds(2)).health();

      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsEntry("status", "UNAVAILABLE");
    } finally {
      stubs.shutdownNow();
    }
  }
}

package io.taskforge.activities.health;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether Temporal answers for this process's namespace: one DescribeNamespace call under a
 * deadline, so a probe never waits on the SDK's retries. DOWN while the server cannot be reached or
 * the namespace does not exist yet. It belongs in the readiness group only: a process that cannot
 * reach Temporal is not broken, and restarting it (liveness) would not help.
 */
public final class TemporalHealthIndicator implements HealthIndicator {
  private final WorkflowServiceStubs stubs;
  private final String namespace;
  private final Duration deadline;

  public TemporalHealthIndicator(WorkflowServiceStubs stubs, String namespace, Duration deadline) {
    this.stubs = Objects.requireNonNull(stubs, "stubs");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
  }

  @Override
  public Health health() {
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
      return Health.up().withDetail("namespace", namespace).build();
    } catch (StatusRuntimeException e) {
      return Health.down()
          .withDetail("namespace", namespace)
          .withDetail("status", e.getStatus().getCode().name())
          .build();
    }
  }
}

package io.taskforge.workflows.task;

import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.webhook.WebhookActivities;
import io.taskforge.workflows.webhook.WebhookDelivery;
import io.taskforge.workflows.webhook.WebhookOutcome;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Hand-written stand-ins for the dependency lookup and the webhook delivery activities. */
final class FakeLinks {
  private FakeLinks() {}

  /** Looks tasks up in the test server the way the real activity does. */
  static final class Lookups implements DependencyActivities {
    private final WorkflowClient client;
    final List<String> looked = new CopyOnWriteArrayList<>();

    Lookups(WorkflowClient client) {
      this.client = client;
    }

    @Override
    public DependencyLookupResult lookup(DependencyLookup lookup) {
      looked.add(lookup.taskId());
      WorkflowExecutionDescription d;
      try {
        d = client.newUntypedWorkflowStub(lookup.taskId()).describe();
      } catch (WorkflowNotFoundException e) {
        return new DependencyLookupResult(
            lookup.taskId(), new DependencyClosed(lookup.taskId(), TaskStatus.CANCELLED, "gone"));
      }
      if (d.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return DependencyLookupResult.open(lookup.taskId());
      }
      TaskStatus status =
          TaskExecutionStatuses.of(
              d.getStatus(), d.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_STATUS));
      return new DependencyLookupResult(
          lookup.taskId(), new DependencyClosed(lookup.taskId(), status));
    }
  }

  /** One webhook receiver: fails the first {@code failures} attempts, then takes the delivery. */
  static final class Webhooks implements WebhookActivities {
    private final WorkflowClient client;
    private final int failures;
    private final CountDownLatch release;
    final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();

    /** The task's searchable status as each attempt saw it. */
    final List<String> statusSeen = new CopyOnWriteArrayList<>();

    Webhooks(WorkflowClient client, int failures, CountDownLatch release) {
      this.client = client;
      this.failures = failures;
      this.release = release;
    }

    @Override
    public WebhookOutcome deliver(WebhookDelivery delivery) {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      deliveries.add(delivery);
      statusSeen.add(
          client
              .newUntypedWorkflowStub(delivery.body().taskId())
              .describe()
              .getTypedSearchAttributes()
              .get(TaskSearchAttributes.TASK_STATUS));
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(e);
      }
      String url = delivery.webhook().url();
      if (attempt <= failures) {
        String message = "webhook answered HTTP 500";
        throw ApplicationFailure.newFailure(
            message,
            FailureTypes.REMOTE_UNAVAILABLE,
            new WebhookOutcome(url, false, attempt, 500, message));
      }
      return new WebhookOutcome(url, true, attempt, 200, null);
    }
  }
}

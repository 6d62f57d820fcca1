package io.taskforge.activities.gpu;

import io.taskforge.workflows.gpu.GpuRouting;
import io.taskforge.workflows.gpu.GpuRoutingActivities;
import io.taskforge.workflows.worker.WorkerEntry;
import io.taskforge.workflows.worker.WorkerRegistryWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Answers a task's routing question from the worker registry's latest reports. Runs as a local
 * activity next to the workflows, so it is a query away from the registry.
 */
@Component
public class GpuRoutingActivitiesImpl implements GpuRoutingActivities {
  private final WorkflowClient client;
  private final Duration waitForWorker;

  public GpuRoutingActivitiesImpl(
      WorkflowClient client, @Value("${taskforge.gpu.affinity-wait:5s}") Duration waitForWorker) {
    this.client = client;
    this.waitForWorker = waitForWorker;
  }

  @Override
  public RoutingDecision preferredQueue(RoutingRequest request) {
    List<WorkerEntry> workers;
    try {
      workers =
          client.newWorkflowStub(WorkerRegistryWorkflow.class, WorkerRegistryWorkflow.ID).workers();
    } catch (WorkflowNotFoundException e) {
      return RoutingDecision.shared("no worker registry yet");
    }
    return GpuRouting.preferredWorker(workers, request.model(), request.affinityKey())
        .map(
            worker ->
                new RoutingDecision(
                    GpuRouting.workerQueue(worker.workerId()),
                    worker.workerId(),
                    "holds model " + request.model() + " warm",
                    waitForWorker))
        .orElseGet(() -> RoutingDecision.shared("no healthy worker holds " + request.model()));
  }
}

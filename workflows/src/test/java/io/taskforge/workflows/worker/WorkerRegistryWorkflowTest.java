package io.taskforge.workflows.worker;

import static io.taskforge.workflows.worker.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry under a time-skipping test server: reports in, health out, by workflow timers. */
class WorkerRegistryWorkflowTest {
  private static final String QUEUE = "registry";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(QUEUE).registerWorkflowImplementationTypes(WorkerRegistryWorkflowImpl.class);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private WorkerRegistryWorkflow registry() {
    return client.newWorkflowStub(
        WorkerRegistryWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkerRegistryWorkflow.ID)
            .setTaskQueue(QUEUE)
            .build());
  }

  /** As the workers do it: signal-with-start. */
  private void send(WorkerReport report) {
    WorkerRegistryWorkflow registry = registry();
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(registry::run, WorkerRegistryWorkflow.RegistryInput.empty());
    request.add(registry::report, report);
    client.signalWithStart(request);
  }

  private WorkerRegistryWorkflow existing() {
    return client.newWorkflowStub(WorkerRegistryWorkflow.class, WorkerRegistryWorkflow.ID);
  }

  @Test
  void firstReport_startsTheRegistryAndListsTheWorkerHealthy() {
    send(report("w1", 0));

    assertThat(existing().workers())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.workerId()).isEqualTo("w1");
              assertThat(e.healthy()).isTrue();
            });
  }

  @Test
  void workerThatStopsReporting_isMarkedUnhealthyByATimer_whileOthersStayHealthy() {
    send(report("w1", 0));
    send(report("w2", 0));
    for (int i = 0; i < 5; i++) {
      env.sleep(Duration.ofSeconds(3));
      send(report("w2", 0)); // w2 keeps reporting; w1 went silent
    }

    assertThat(existing().workers())
        .extracting(WorkerEntry::workerId, WorkerEntry::healthy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("w1", false),
            org.assertj.core.groups.Tuple.tuple("w2", true));
  }

  @Test
  void stoppingReport_marksTheWorkerUnhealthyAtOnce() {
    send(report("w1", 0));
    send(Reports.stopping("w1"));

    assertThat(existing().workers())
        .singleElement()
        .satisfies(e -> assertThat(e.healthy()).isFalse());
  }
}

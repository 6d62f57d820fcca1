package io.taskforge.workflows.gpu;

import static io.taskforge.workflows.worker.Reports.report;
import static io.taskforge.workflows.worker.Reports.warm;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.worker.Reports;
import io.taskforge.workflows.worker.WorkerEntry;
import io.taskforge.workflows.worker.WorkerReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuRoutingTest {
  private static final Instant SEEN = Instant.parse("2025-01-01T00:00:00Z");

  static WorkerEntry healthy(WorkerReport report) {
    return new WorkerEntry(report, SEEN, true);
  }

  @Test
  void workerThatServedTheSessionWithTheModel_isPreferredEvenWhenAnotherIsIdler() {
    List<WorkerEntry> workers =
        List.of(
            healthy(report("idle", 0, warm("llama", "2025-01-01T00:01:00Z"))),
            healthy(report("warm", 1, warm("llama", "2025-01-01T00:00:00Z", "s1"))));

    assertThat(GpuRouting.preferredWorker(workers, "llama", "s1"))
        .map(WorkerEntry::workerId)
        .contains("warm");
  }

  @Test
  void withoutASessionMatch_theWarmWorkerWithMostFreeSlotsWins() {
    List<WorkerEntry> workers =
        List.of(
            healthy(report("busy", 1, warm("llama", "2025-01-01T00:05:00Z"))),
            healthy(report("free", 0, warm("llama", "2025-01-01T00:00:00Z"))),
            healthy(report("cold", 0, warm("mistral", "2025-01-01T00:09:00Z"))));

    assertThat(GpuRouting.preferredWorker(workers, "llama", "group:g1"))
        .map(WorkerEntry::workerId)
        .contains("free");
  }

  @Test
  void noWorkerHoldsTheModel_meansTheSharedQueue() {
    List<WorkerEntry> workers =
        List.of(healthy(report("w1", 0, warm("mistral", "2025-01-01T00:00:00Z", "s1"))));

    assertThat(GpuRouting.preferredWorker(workers, "llama", "s1")).isEmpty();
  }

  @Test
  void unhealthyOrStoppingWorkers_areNeverPreferred() {
    List<WorkerEntry> workers =
        List.of(
            new WorkerEntry(
                report("dead", 0, warm("llama", "2025-01-01T00:00:00Z", "s1")), SEEN, false),
            new WorkerEntry(
                Reports.stopping("leaving", warm("llama", "2025-01-01T00:00:00Z", "s1")),
                SEEN,
                true));

    assertThat(GpuRouting.preferredWorker(workers, "llama", "s1")).isEmpty();
  }

  @Test
  void taskWithoutModelOrSession_isNotRouted() {
    List<WorkerEntry> workers =
        List.of(healthy(report("w1", 0, warm("llama", "2025-01-01T00:00:00Z", "s1"))));

    assertThat(GpuRouting.preferredWorker(workers, null, "s1")).isEmpty();
    assertThat(GpuRouting.preferredWorker(workers, "llama", null)).isEmpty();
    assertThat(GpuRouting.preferredWorker(workers, " ", "s1")).isEmpty();
  }

  @Test
  void workerQueue_isGpuAtWorkerId() {
    assertThat(GpuRouting.workerQueue("host-1")).isEqualTo("gpu@host-1");
  }
}

package io.taskforge.workflows.worker;

import static io.taskforge.workflows.worker.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerTableTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void reportingWorker_isHealthyAndKeepsOnlyItsLatestReport() {
    WorkerTable table = new WorkerTable(List.of(), Duration.ofHours(1));
    table.record(report("w1", 0), T0);
    table.record(report("w1", 1), T0.plusSeconds(3));

    assertThat(table.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.healthy()).isTrue();
              assertThat(e.report().slotsBusy()).isEqualTo(1);
              assertThat(e.lastSeenAt()).isEqualTo(T0.plusSeconds(3));
            });
  }

  @Test
  void silentWorker_turnsUnhealthyOnceItsReportsAreOlderThanItsLimit() {
    WorkerTable table = new WorkerTable(List.of(), Duration.ofHours(1));
    table.record(report("w1", 0), T0); // unhealthy after 10s
    table.record(report("w2", 0), T0.plusSeconds(8));

    table.refresh(T0.plusSeconds(9));
    assertThat(table.entries()).allMatch(WorkerEntry::healthy);
    assertThat(table.untilNextExpiry(T0.plusSeconds(9))).contains(Duration.ofSeconds(1));

    table.refresh(T0.plusSeconds(10));
    assertThat(table.entries())
        .extracting(WorkerEntry::workerId, WorkerEntry::healthy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("w1", false),
            org.assertj.core.groups.Tuple.tuple("w2", true));
    assertThat(table.untilNextExpiry(T0.plusSeconds(10))).contains(Duration.ofSeconds(8));
  }

  @Test
  void unhealthyWorkerThatReportsAgain_isHealthyAgain() {
    WorkerTable table = new WorkerTable(List.of(), Duration.ofHours(1));
    table.record(report("w1", 0), T0);
    table.refresh(T0.plusSeconds(30));

    table.record(report("w1", 0), T0.plusSeconds(31));

    assertThat(table.anyHealthy()).isTrue();
  }

  @Test
  void stoppingWorker_isUnhealthyAtOnce() {
    WorkerTable table = new WorkerTable(List.of(), Duration.ofHours(1));
    table.record(Reports.stopping("w1"), T0);

    assertThat(table.anyHealthy()).isFalse();
    assertThat(table.untilNextExpiry(T0)).isEmpty();
  }

  @Test
  void longGoneWorker_isForgotten() {
    WorkerTable table = new WorkerTable(List.of(), Duration.ofMinutes(5));
    table.record(report("w1", 0), T0);

    table.refresh(T0.plusSeconds(60));
    assertThat(table.entries()).hasSize(1);
    table.refresh(T0.plusSeconds(301));
    assertThat(table.entries()).isEmpty();
  }

  @Test
  void carriedEntries_doNotOverwriteNewerReports() {
    WorkerTable table = new WorkerTable(List.of(), Duration.ofHours(1));
    table.record(report("w1", 1), T0.plusSeconds(5));

    table.restore(
        List.of(
            new WorkerEntry(report("w1", 0), T0, true),
            new WorkerEntry(report("w2", 0), T0, true)));

    assertThat(table.entries()).extracting(e -> e.report().slotsBusy()).containsExactly(1, 0);
  }
}

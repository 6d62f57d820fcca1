package io.taskforge.workflows.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reports from workers of different versions must keep reaching the registry. */
class WorkerReportPayloadTest {
  private final DataConverter converter = DefaultDataConverter.newDefaultInstance();

  @Test
  void reportWithoutCircuitBreakers_fromAnOlderWorker_readsAsNone() {
    WorkerReport current = Reports.report("w1", 0);
    String json =
        converter
            .toPayload(current)
            .orElseThrow()
            .getData()
            .toStringUtf8()
            .replace(",\"circuitBreakers\":[]", "");
    assertThat(json).doesNotContain("circuitBreakers");

    WorkerReport read =
        converter.fromPayload(
            converter.toPayload(current).orElseThrow().toBuilder()
                .setData(ByteString.copyFromUtf8(json))
                .build(),
            WorkerReport.class,
            WorkerReport.class);

    assertThat(read.circuitBreakers()).isEmpty();
    assertThat(read.workerId()).isEqualTo("w1");
  }

  @Test
  void reportWithAFieldThisVersionDoesNotKnow_isStillRead() {
    Payload current = converter.toPayload(Reports.report("w2", 1)).orElseThrow();
    String json = current.getData().toStringUtf8().replaceFirst("\\{", "{\"fromTheFuture\":42,");

    WorkerReport read =
        converter.fromPayload(
            current.toBuilder().setData(ByteString.copyFromUtf8(json)).build(),
            WorkerReport.class,
            WorkerReport.class);

    assertThat(read.workerId()).isEqualTo("w2");
    assertThat(read.slotsBusy()).isEqualTo(1);
  }

  @Test
  void circuitBreakers_surviveTheRoundTrip() {
    WorkerReport base = Reports.report("w1", 0);
    CircuitBreakerState open =
        new CircuitBreakerState(
            "openai:http://localhost:8000",
            "openai",
            "http://localhost:8000",
            "OPEN",
            100f,
            null,
            4,
            4,
            0,
            2,
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T00:00:30Z"));
    WorkerReport report =
        new WorkerReport(
            base.workerId(),
            base.host(),
            base.queue(),
            base.sharedQueue(),
            base.mode(),
            base.gpus(),
            base.slotsTotal(),
            base.slotsBusy(),
            base.tasksRunning(),
            base.tasksCompleted(),
            base.tasksFailed(),
            base.warmModels(),
            base.taskTypes(),
            base.startedAt(),
            base.reportedAt(),
            base.unhealthyAfter(),
            false,
            List.of(open),
            List.of());

    Payload payload = converter.toPayload(report).orElseThrow();
    WorkerReport read = converter.fromPayload(payload, WorkerReport.class, WorkerReport.class);

    assertThat(read.circuitBreakers()).containsExactly(open);
  }
}

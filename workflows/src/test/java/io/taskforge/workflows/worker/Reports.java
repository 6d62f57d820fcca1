package io.taskforge.workflows.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Worker reports for tests. */
public final class Reports {
  private Reports() {}

  public static WorkerReport report(String workerId, int slotsBusy, WarmModel... warm) {
    return new WorkerReport(
        workerId,
        "host-" + workerId,
        "gpu@" + workerId,
        "gpu",
        WorkerMode.CPU,
        List.of(),
        1,
        slotsBusy,
        slotsBusy,
        3,
        0,
        List.of(warm),
        List.of("llm_inference"),
        Instant.parse("2025-01-01T00:00:00Z"),
        Instant.parse("2025-01-01T00:00:00Z"),
        Duration.ofSeconds(10),
        false,
        List.of(),
        List.of());
  }

  public static WorkerReport stopping(String workerId, WarmModel... warm) {
    WorkerReport r = report(workerId, 0, warm);
    return new WorkerReport(
        r.workerId(),
        r.host(),
        r.queue(),
        r.sharedQueue(),
        r.mode(),
        r.gpus(),
        r.slotsTotal(),
        r.slotsBusy(),
        r.tasksRunning(),
        r.tasksCompleted(),
        r.tasksFailed(),
        r.warmModels(),
        r.taskTypes(),
        r.startedAt(),
        r.reportedAt(),
        r.unhealthyAfter(),
        true,
        r.circuitBreakers(),
        List.of());
  }

  public static WarmModel warm(String model, String at, String... keys) {
    return new WarmModel(model, Instant.parse(at), List.of(keys));
  }
}

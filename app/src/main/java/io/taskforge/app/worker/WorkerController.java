package io.taskforge.app.worker;

import io.taskforge.app.web.Blocking;
import io.taskforge.workflows.worker.WorkerEntry;
import io.taskforge.workflows.worker.WorkerReport;
import java.time.Duration;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/workers}: the health and the figures of the gpu-workers. */
@RestController
@RequestMapping("/api/v1/workers")
public class WorkerController {
  private final WorkerOverview overview;
  private final WorkerHealth health;
  private final Blocking blocking;

  public WorkerController(WorkerOverview overview, WorkerHealth health, Blocking blocking) {
    this.overview = overview;
    this.health = health;
    this.blocking = blocking;
  }

  /** 200 whatever is down: the body names each part and what was found. */
  @GetMapping("/health")
  public Mono<WorkerHealthView> health() {
    return health.check();
  }

  @GetMapping("/stats")
  public Mono<WorkerStatsView> stats() {
    return blocking.call(overview::read).map(WorkerController::stats);
  }

  static WorkerHealthView health(WorkerOverview.Snapshot snapshot) {
    List<WorkerHealthView.Worker> workers =
        snapshot.workers().stream()
            .map(
                entry ->
                    new WorkerHealthView.Worker(
                        entry.workerId(),
                        entry.healthy(),
                        entry.report().mode().name(),
                        entry.lastSeenAt(),
                        Math.max(
                            0,
                            Duration.between(entry.lastSeenAt(), snapshot.checkedAt()).toSeconds()),
                        isPolling(snapshot, entry),
                        entry.report().slotsTotal(),
                        entry.report().slotsBusy()))
            .toList();
    long healthy = workers.stream().filter(WorkerHealthView.Worker::healthy).count();
    String status =
        workers.isEmpty()
            ? "NO_WORKERS"
            : healthy == workers.size() ? "UP" : healthy == 0 ? "DOWN" : "DEGRADED";
    return new WorkerHealthView(
        status, snapshot.checkedAt(), workers, snapshot.queues(), snapshot.notes());
  }

  private static boolean isPolling(WorkerOverview.Snapshot snapshot, WorkerEntry entry) {
    // gpu-worker:<id>, or python-worker:<id> for a worker that announces its types
    String identity =
        (entry.report().announcedTypes().isEmpty() ? "gpu-worker:" : "python-worker:")
            + entry.workerId();
    return snapshot.queues().stream()
        .filter(queue -> queue.name().equals(entry.report().queue()))
        .flatMap(queue -> queue.pollers().stream())
        .anyMatch(poller -> identity.equals(poller.identity()));
  }

  static WorkerStatsView stats(WorkerOverview.Snapshot snapshot) {
    List<WorkerView> workers = snapshot.workers().stream().map(WorkerController::view).toList();
    Long backlog =
        snapshot.queues().stream().anyMatch(q -> q.backlogCount() == null)
            ? null
            : snapshot.queues().stream().mapToLong(QueueView::backlogCount).sum();
    WorkerStatsView.Totals totals =
        new WorkerStatsView.Totals(
            workers.size(),
            (int) workers.stream().filter(WorkerView::healthy).count(),
            workers.stream().mapToInt(w -> w.gpus().size()).sum(),
            workers.stream().mapToInt(WorkerView::slotsTotal).sum(),
            workers.stream().mapToInt(WorkerView::slotsBusy).sum(),
            workers.stream().mapToLong(WorkerView::tasksRunning).sum(),
            workers.stream().mapToLong(WorkerView::tasksCompleted).sum(),
            workers.stream().mapToLong(WorkerView::tasksFailed).sum(),
            backlog);
    return new WorkerStatsView(
        snapshot.checkedAt(), totals, workers, snapshot.queues(), snapshot.notes());
  }

  private static WorkerView view(WorkerEntry entry) {
    WorkerReport report = entry.report();
    return new WorkerView(
        report.workerId(),
        report.host(),
        entry.healthy(),
        report.mode().name(),
        report.queue(),
        entry.lastSeenAt(),
        report.startedAt(),
        report.gpus().stream()
            .map(
                g ->
                    new WorkerView.Gpu(
                        g.index(),
                        g.name(),
                        g.memoryTotalMib(),
                        g.memoryUsedMib(),
                        g.utilizationPercent(),
                        g.slots(),
                        g.busySlots()))
            .toList(),
        report.slotsTotal(),
        report.slotsBusy(),
        report.tasksRunning(),
        report.tasksCompleted(),
        report.tasksFailed(),
        report.warmModels().stream()
            .map(m -> new WorkerView.Model(m.model(), m.lastUsedAt()))
            .toList(),
        report.taskTypes());
  }
}

package io.taskforge.app.system;

import io.taskforge.activities.breaker.BreakerSnapshot;
import io.taskforge.activities.breaker.CircuitBreakers;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.web.Blocking;
import io.taskforge.app.web.Problems;
import io.taskforge.workflows.worker.WorkerEntry;
import io.taskforge.workflows.worker.WorkerRegistryWorkflow;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/system/circuit-breakers}: the circuit breakers that guard calls to outside
 * services. Admin-only: breakers are per target, shared by every tenant.
 *
 * <p>Breakers live in the process that makes the calls. This app's own ones (the in-process
 * worker's {@code http_request} and webhook targets) are read live. A gpu-worker's (its openai
 * servers) live in that worker's process: they are shown as of its latest report to the worker
 * registry, and its own metrics endpoint has them live. A CPU worker run as a separate process
 * (taskforge.worker.enabled=false here) has its breakers only in its own metrics.
 */
@RestController
@RequestMapping("/api/v1/system/circuit-breakers")
public class CircuitBreakerController {
  private static final Logger log = LoggerFactory.getLogger(CircuitBreakerController.class);

  private final CircuitBreakers breakers;
  private final TemporalApiClient temporal;
  private final Blocking blocking;

  public CircuitBreakerController(
      CircuitBreakers breakers, TemporalApiClient temporal, Blocking blocking) {
    this.breakers = breakers;
    this.temporal = temporal;
    this.blocking = blocking;
  }

  @GetMapping
  public Mono<CircuitBreakersView> list() {
    List<CircuitBreakersView.Breaker> local =
        breakers.snapshot().stream().map(CircuitBreakerController::view).toList();
    // Temporal being down must not hide this process's breakers: its part becomes a note.
    return blocking
        .call(this::gpuWorkers)
        .onErrorResume(
            e -> {
              // The detail (a class name, gRPC text) goes to the log, not into the answer.
              log.warn("could not read the gpu-workers' circuit breakers: {}", e.toString());
              return Mono.just(
                  new GpuWorkers(
                      List.of(),
                      List.of(
                          "gpu-workers' circuit breakers could not be read now (the worker"
                              + " registry is unavailable)")));
            })
        .map(
            gpu ->
                new CircuitBreakersView(
                    breakers.enabled(), Instant.now(), local, gpu.workers(), gpu.notes()));
  }

  /**
   * Closes one of this process's breakers and forgets its calls, so that the next attempts go out
   * at once. Admin-only, as is the list (see SecurityConfiguration): a breaker is shared by every
   * tenant that calls its target. Breakers live per process: this resets the app's breaker only,
   * not a gpu-worker's.
   */
  @PostMapping("/reset")
  public Mono<CircuitBreakersView.Breaker> reset(@RequestParam(required = false) String name) {
    if (name == null || name.isBlank()) {
      return Mono.error(
          Problems.invalid("name", "is required, e.g. name=http_request:https://host:443"));
    }
    return Mono.justOrEmpty(breakers.reset(name))
        .map(CircuitBreakerController::view)
        .switchIfEmpty(Mono.error(() -> Problems.notFound("circuit breaker", name)));
  }

  private record GpuWorkers(List<CircuitBreakersView.GpuWorker> workers, List<String> notes) {}

  private GpuWorkers gpuWorkers() {
    List<WorkerEntry> entries;
    try {
      entries =
          temporal
              .workflows()
              .newWorkflowStub(WorkerRegistryWorkflow.class, WorkerRegistryWorkflow.ID)
              .workers();
    } catch (WorkflowNotFoundException e) {
      return new GpuWorkers(List.of(), List.of());
    }
    List<CircuitBreakersView.GpuWorker> workers = new ArrayList<>();
    for (WorkerEntry entry : entries) {
      workers.add(
          new CircuitBreakersView.GpuWorker(
              entry.workerId(),
              entry.healthy(),
              entry.lastSeenAt(),
              entry.report().circuitBreakers().stream()
                  .map(CircuitBreakersView.Breaker::of)
                  .toList()));
    }
    return new GpuWorkers(workers, List.of());
  }

  private static CircuitBreakersView.Breaker view(BreakerSnapshot b) {
    return CircuitBreakersView.Breaker.of(b.toState());
  }
}

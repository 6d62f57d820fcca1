package io.taskforge.app.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskforge.activities.resources.ResourceMonitor;
import io.taskforge.activities.resources.ResourceSample;
import io.taskforge.activities.worker.TaskforgeWorker;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.web.Problems;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/system/resources} and {@code /api/v1/system/alerts}: this process's resource
 * monitor (seed 002's ResourceMonitor) and its CPU worker's concurrency. Both answer from memory,
 * never from Temporal. With {@code taskforge.resources.enabled=false} both answer 404.
 */
@RestController
@RequestMapping("/api/v1/system")
public class ResourceMonitorController {
  /** The monitor has not taken its first sample yet (the first moments after start). */
  static final URI NOT_READY = URI.create("urn:taskforge:problem:not-ready");

  /** The Temporal SDK's gauge of activities running, when its metrics reach Micrometer. */
  private static final String SLOTS_USED = "temporal_worker_task_slots_used";

  private final ObjectProvider<ResourceMonitor> monitor;
  private final WorkerSettings workerSettings;
  private final ObjectProvider<TaskforgeWorker> worker;
  private final ObjectProvider<MeterRegistry> meters;

  public ResourceMonitorController(
      ObjectProvider<ResourceMonitor> monitor,
      WorkerSettings workerSettings,
      ObjectProvider<TaskforgeWorker> worker,
      ObjectProvider<MeterRegistry> meters) {
    this.monitor = monitor;
    this.workerSettings = workerSettings;
    this.worker = worker;
    this.meters = meters;
  }

  @GetMapping("/resources")
  public SystemResourcesView resources() {
    ResourceMonitor m = monitor();
    ResourceSample sample = m.latest().orElseThrow(ResourceMonitorController::notReady);
    return SystemViews.resources(sample, m.settings(), workerView());
  }

  @GetMapping("/alerts")
  public SystemAlertsView alerts() {
    ResourceMonitor m = monitor();
    return SystemViews.alerts(m.snapshot(), m.settings());
  }

  private WorkerConcurrencyView workerView() {
    TaskforgeWorker w = worker.getIfAvailable();
    if (w == null) {
      return null;
    }
    return SystemViews.worker(workerSettings, w.isRunning(), activitySlotsUsed());
  }

  private Integer activitySlotsUsed() {
    MeterRegistry registry = meters.getIfAvailable();
    if (registry == null) {
      return null;
    }
    Gauge gauge =
        registry
            .find(SLOTS_USED)
            .tag("worker_type", "ActivityWorker")
            .tag("task_queue", workerSettings.taskQueue())
            .gauge();
    return gauge == null || Double.isNaN(gauge.value()) ? null : (int) gauge.value();
  }

  private ResourceMonitor monitor() {
    ResourceMonitor m = monitor.getIfAvailable();
    if (m == null) {
      throw new ErrorResponseException(
          HttpStatus.NOT_FOUND,
          Problems.problem(
              HttpStatus.NOT_FOUND,
              Problems.NOT_FOUND,
              "Not found",
              "the resource monitor is turned off in this process (taskforge.resources.enabled)"),
          null);
    }
    return m;
  }

  private static ErrorResponseException notReady() {
    ErrorResponseException e =
        new ErrorResponseException(
            HttpStatus.SERVICE_UNAVAILABLE,
            Problems.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                NOT_READY,
                "Not ready",
                "the resource monitor has not taken its first sample yet"),
            null);
    e.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
    return e;
  }
}

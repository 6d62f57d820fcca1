package io.taskforge.app.system;

import io.taskforge.activities.resources.ActiveAlert;
import io.taskforge.activities.resources.AlertTransition;
import io.taskforge.activities.resources.ResourceMonitor;
import io.taskforge.activities.resources.ResourceSample;
import io.taskforge.activities.resources.ResourceSettings;
import io.taskforge.activities.resources.SystemResource;
import io.taskforge.activities.worker.WorkerSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps the resource monitor's state onto the {@code /api/v1/system} responses. */
final class SystemViews {
  private SystemViews() {}

  static SystemResourcesView resources(
      ResourceSample sample, ResourceSettings settings, WorkerConcurrencyView worker) {
    return new SystemResourcesView(
        sample.host(),
        sample.sampledAt(),
        settings.interval().toMillis() / 1000.0,
        new SystemResourcesView.Cpu(known(sample.cpu()), sample.cpuCount()),
        new SystemResourcesView.Memory(
            known(sample.memory()), sample.memoryUsedBytes(), sample.memoryTotalBytes()),
        new SystemResourcesView.Disk(
            known(sample.disk().usage()),
            sample.disk().path(),
            sample.disk().usedBytes(),
            sample.disk().totalBytes()),
        known(sample.iowait()),
        known(sample.loadAverage()),
        worker);
  }

  static WorkerConcurrencyView worker(
      WorkerSettings settings, boolean running, Integer activitySlotsUsed) {
    return switch (settings.tuner()) {
      case FIXED ->
          new WorkerConcurrencyView(
              running,
              settings.taskQueue(),
              settings.tuner().key(),
              settings.maxConcurrentWorkflowTasks(),
              new WorkerConcurrencyView.SlotRange(
                  settings.maxConcurrentActivities(), settings.maxConcurrentActivities()),
              null,
              null,
              activitySlotsUsed);
      case RESOURCE_BASED -> {
        WorkerSettings.ResourceBased r = settings.resourceBased();
        yield new WorkerConcurrencyView(
            running,
            settings.taskQueue(),
            settings.tuner().key(),
            settings.maxConcurrentWorkflowTasks(),
            new WorkerConcurrencyView.SlotRange(r.minActivitySlots(), r.maxActivitySlots()),
            r.targetCpu(),
            r.targetMemory(),
            activitySlotsUsed);
      }
    };
  }

  static SystemAlertsView alerts(ResourceMonitor.Snapshot snapshot, ResourceSettings settings) {
    ResourceSettings.Alerts alerts = settings.alerts();
    Map<String, SystemAlertsView.Thresholds> thresholds = new LinkedHashMap<>();
    for (SystemResource resource : SystemResource.values()) {
      ResourceSettings.Thresholds t = alerts.of(resource);
      thresholds.put(
          resource.key(), new SystemAlertsView.Thresholds(t.enabled(), t.warning(), t.critical()));
    }
    return new SystemAlertsView(
        snapshot.active().stream().map(SystemViews::active).toList(),
        snapshot.history().stream().map(SystemViews::change).toList(),
        thresholds,
        alerts.margin(),
        alerts.clearAfter(),
        alerts.historySize());
  }

  private static SystemAlertsView.Active active(ActiveAlert a) {
    return new SystemAlertsView.Active(
        a.resource().key(), a.level().key(), a.value(), a.threshold(), a.raisedAt(), a.since());
  }

  private static SystemAlertsView.Change change(AlertTransition t) {
    return new SystemAlertsView.Change(
        t.resource().key(),
        t.kind().key(),
        t.to() == null ? null : t.to().key(),
        t.from() == null ? null : t.from().key(),
        t.value(),
        t.threshold(),
        t.at());
  }

  private static Double known(double value) {
    return Double.isNaN(value) ? null : value;
  }
}

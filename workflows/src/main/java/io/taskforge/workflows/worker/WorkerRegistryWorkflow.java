package io.taskforge.workflows.worker;

import io.taskforge.workflows.TenantIds;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The long-running registry of gpu-workers: one workflow ({@link #ID}) that workers start with
 * signal-with-start and report to every few seconds. It keeps the latest report per worker and
 * marks a worker unhealthy when its reports stop. It runs on the default queue (the app's worker).
 */
@WorkflowInterface
public interface WorkerRegistryWorkflow {
  /** In Taskforge's own id space, which no tenant's id can reach (see {@link TenantIds}). */
  String ID = TenantIds.INTERNAL_PREFIX + "worker-registry";

  String REPORT_SIGNAL = "report";

  /** Runs until continued as new, carrying the latest entry per worker. */
  @WorkflowMethod
  void run(RegistryInput input);

  @SignalMethod(name = REPORT_SIGNAL)
  void report(WorkerReport report);

  @QueryMethod
  List<WorkerEntry> workers();

  /** The registry's carried state; empty for a new registry. */
  record RegistryInput(List<WorkerEntry> workers) {
    public RegistryInput {
      workers = workers == null ? List.of() : List.copyOf(workers);
    }

    public static RegistryInput empty() {
      return new RegistryInput(List.of());
    }
  }
}

package io.taskforge.gpuworker.task;

import io.taskforge.activities.TaskContext;
import io.taskforge.activities.TaskHandler;
import io.taskforge.gpuworker.runner.InferenceFailures;
import io.taskforge.gpuworker.runner.InferenceRequest;
import io.taskforge.gpuworker.runner.InferenceResult;
import io.taskforge.gpuworker.runner.InferenceRunner;
import io.taskforge.gpuworker.slot.DeviceLease;
import io.taskforge.gpuworker.slot.DeviceLeases;
import io.taskforge.workflows.gpu.GpuFailureTypes;
import io.taskforge.workflows.gpu.GpuTaskTypes;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.tasktype.ParamError;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One GPU task type on this worker: runs the type's configured runner on the device slot that the
 * activity holds, and keeps the worker's counters and warm models current.
 */
public final class GpuTaskHandler implements TaskHandler {
  private final TaskTypeDefinition definition;
  private final InferenceRunner runner;
  private final String defaultModel;
  private final DeviceLeases leases;
  private final WorkerStats stats;
  private final String workerId;
  private final Supplier<ActivityInfo> currentActivity;

  public GpuTaskHandler(
      TaskTypeDefinition definition,
      InferenceRunner runner,
      String defaultModel,
      DeviceLeases leases,
      WorkerStats stats,
      String workerId) {
    this(
        definition,
        runner,
        defaultModel,
        leases,
        stats,
        workerId,
        () -> Activity.getExecutionContext().getInfo());
  }

  GpuTaskHandler(
      TaskTypeDefinition definition,
      InferenceRunner runner,
      String defaultModel,
      DeviceLeases leases,
      WorkerStats stats,
      String workerId,
      Supplier<ActivityInfo> currentActivity) {
    this.definition = definition;
    this.runner = runner;
    this.defaultModel = defaultModel;
    this.leases = leases;
    this.stats = stats;
    this.workerId = workerId;
    this.currentActivity = currentActivity;
  }

  @Override
  public TaskTypeDefinition definition() {
    return definition;
  }

  public InferenceRunner runner() {
    return runner;
  }

  @Override
  public TaskOutput handle(TaskActivityInput input, TaskContext context) throws Exception {
    ActivityInfo activity = currentActivity.get();
    DeviceLease lease =
        leases
            .leaseOf(activity)
            .orElseThrow(
                () ->
                    ApplicationFailure.newFailure(
                        "worker " + workerId + " has no free device slot; handing the task back",
                        GpuFailureTypes.GPU_SLOT_UNAVAILABLE));
    List<ParamError> errors = definition.validate(input.params());
    if (!errors.isEmpty()) {
      throw InferenceFailures.invalidParams(
          errors.stream()
              .map(e -> e.field() + " " + e.message())
              .collect(Collectors.joining("; ")));
    }
    Map<String, Object> params = new LinkedHashMap<>(definition.withDefaults(input.params()));
    String model = params.get(GpuTaskTypes.MODEL) instanceof String m ? m : defaultModel;
    if (model != null) {
      params.put(GpuTaskTypes.MODEL, model);
    }
    String session =
        params.get(GpuTaskTypes.SESSION_ID) instanceof String s && !s.isBlank() ? s : null;
    stats.started();
    boolean succeeded = false;
    try {
      InferenceResult result =
          runner.run(
              new InferenceRequest(input.taskId(), input.type(), params, model, lease), context);
      succeeded = true;
      stats.used(result.model() == null ? model : result.model(), session, Instant.now());
      Map<String, Object> data = new LinkedHashMap<>(result.data());
      data.put("worker", Map.of("id", workerId, "device", lease.device()));
      return TaskOutput.of(data, result.artifacts());
    } catch (ApplicationFailure failure) {
      if (InferenceFailures.restsDevice(failure)) {
        leases.restAfterFailure(activity);
      }
      throw failure;
    } finally {
      stats.finished(succeeded);
    }
  }
}

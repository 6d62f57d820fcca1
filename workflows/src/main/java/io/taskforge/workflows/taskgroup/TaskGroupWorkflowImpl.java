package io.taskforge.workflows.taskgroup;

import io.taskforge.workflows.LogKeys;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.expansion.ExpansionInput;
import io.taskforge.workflows.expansion.ExpansionResult;
import io.taskforge.workflows.expansion.ExpansionWorkflow;
import io.taskforge.workflows.task.FailureKind;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskFailure;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskResult;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.task.TaskWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Runs a task group: starts each task as a child workflow once its dependencies are satisfied (at
 * most {@code maxConcurrency} at once), publishes each finished task's output into the group
 * context under its name, skips tasks whose dependencies can no longer be satisfied, and applies
 * the failure policy. Whatever happens — failure, timeout, cancellation — the state of every task
 * that finished, with its output, is kept and returned.
 */
public class TaskGroupWorkflowImpl implements TaskGroupWorkflow {
  private static final Logger log = Workflow.getLogger(TaskGroupWorkflowImpl.class);

  private final Map<String, GroupTaskSpec> specs = new LinkedHashMap<>();
  private final Map<String, GroupTaskState> states = new LinkedHashMap<>();
  private final Map<String, Object> context = new LinkedHashMap<>();
  private final Map<String, Object> outputs = new LinkedHashMap<>();
  private final Map<String, Running> running = new LinkedHashMap<>();
  private final Set<String> started = new HashSet<>();
  private TaskStatus status = TaskStatus.PENDING;
  private String reason;

  /** A child that has been started and not yet observed to finish. */
  private record Running(CancellationScope scope, Promise<?> result) {}

  /**
   * A schedule starts a group under its id plus the scheduled time, which its start options could
   * not know, so they carry the id without it. Only such a group upserts here: a group whose
   * attribute is its id, or that has none, keeps the commands (and the replayable history) it had.
   */
  private static void correctGroupId(String groupId) {
    String given = Workflow.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_GROUP_ID);
    if (given != null && !given.equals(groupId)) {
      Workflow.upsertTypedSearchAttributes(TaskSearchAttributes.TASK_GROUP_ID.valueSet(groupId));
    }
  }

  @Override
  public TaskGroupState run(TaskGroupInput input) {
    String groupId = Workflow.getInfo().getWorkflowId();
    LogKeys.put(LogKeys.GROUP_ID, groupId);
    LogKeys.put(LogKeys.AGENCY_ID, input.agencyId());
    Map<String, List<Dependency>> dependencies = new LinkedHashMap<>();
    for (GroupTaskSpec spec : input.tasks()) {
      specs.put(spec.name(), spec);
      dependencies.put(spec.name(), spec.dependsOn());
      states.put(spec.name(), GroupTaskState.initial(spec.name(), !spec.dependsOn().isEmpty()));
    }
    TaskGraph graph = TaskGraph.of(dependencies);
    context.putAll(input.context());
    restore(input);
    correctGroupId(groupId);
    setStatus(TaskStatus.RUNNING);

    Instant deadline = input.timeout() == null ? null : now().plus(input.timeout());
    try {
      while (true) {
        skipUnsatisfiable(graph);
        boolean startFailed = false;
        for (String name : graph.ready(statuses(), started)) {
          if (running.size() >= input.maxConcurrency() || isStopping()) {
            break;
          }
          if (!start(groupId, specs.get(name), input)) {
            startFailed = true;
            failFastIfUnhandled(graph, name, input.failurePolicy());
          }
        }
        if (running.isEmpty()) {
          if (startFailed) {
            continue; // a task that failed to start may make others skippable or ready
          }
          break;
        }
        boolean progressed =
            deadline == null
                ? awaitAnyFinished(null)
                : awaitAnyFinished(Duration.between(now(), deadline));
        if (!progressed) {
          timeOut(input.timeout());
          deadline = null; // now wait, without a limit, for the cancelled children to end
          continue;
        }
        collectFinished(graph, input.failurePolicy());
      }
    } catch (CanceledFailure e) {
      Workflow.newDetachedCancellationScope(
              () -> {
                drainRunning();
                skipNotStarted("group was cancelled");
                reason = "group was cancelled";
                setStatus(TaskStatus.CANCELLED);
              })
          .run();
      throw e;
    }
    TaskGroupState result = finish(graph);
    if (result.status() == TaskStatus.FAILED) {
      throw ApplicationFailure.newNonRetryableFailure(
          result.reason(), FailureTypes.TASK_FAILED, result);
    }
    return result;
  }

  /** Tasks a previous run (before retry-failed) completed keep their state and outputs. */
  private void restore(TaskGroupInput input) {
    if (input.resume() == null) {
      return;
    }
    for (GroupTaskSpec spec : input.tasks()) {
      GroupTaskState done = input.resume().completed().get(spec.name());
      if (done != null) {
        states.put(spec.name(), done);
        started.add(spec.name());
        publish(spec.name(), done.output());
      }
    }
  }

  /** Starts the task's child; false when it could not start and so has FAILED. */
  private boolean start(String groupId, GroupTaskSpec spec, TaskGroupInput input) {
    String name = spec.name();
    String childId = groupId + "." + name;
    started.add(name);
    Promise<?>[] promise = new Promise<?>[1];
    try {
      CancellationScope scope;
      if (spec.expansion() != null && spec.expansion().output() != OutputFormat.SINGLE) {
        boolean resume = input.resume() != null && input.resume().retryExpansions().contains(name);
        ExpansionInput expansion =
            new ExpansionInput(
                childId,
                groupId,
                name,
                spec.task(),
                spec.expansion(),
                new LinkedHashMap<>(context),
                new LinkedHashMap<>(outputs),
                null,
                0,
                0,
                resume,
                input.maxExpansionItems());
        ExpansionWorkflow child =
            Workflow.newChildWorkflowStub(
                ExpansionWorkflow.class,
                childOptions(childId, groupId, input.agencyId(), spec.task()));
        scope =
            Workflow.newCancellationScope(() -> promise[0] = Async.function(child::run, expansion));
      } else {
        TaskInput resolved = resolve(spec);
        TaskWorkflow child =
            Workflow.newChildWorkflowStub(
                TaskWorkflow.class, childOptions(childId, groupId, input.agencyId(), spec.task()));
        scope =
            Workflow.newCancellationScope(() -> promise[0] = Async.function(child::run, resolved));
      }
      scope.run();
      running.put(name, new Running(scope, promise[0]));
      update(
          name,
          s ->
              new GroupTaskState(
                  name, TaskStatus.SCHEDULED, childId, null, null, null, null, now(), null));
      return true;
    } catch (TemplateException | IllegalArgumentException e) {
      // A template that refers to something missing fails the task; it never renders empty.
      update(
          name,
          s ->
              new GroupTaskState(
                  name,
                  TaskStatus.FAILED,
                  null,
                  null,
                  new TaskFailure(FailureKind.ERROR, e.getMessage(), "TemplateError", 0),
                  null,
                  null,
                  now(),
                  now()));
      return false;
    }
  }

  /** The task's input with its templates resolved against the context as it is now. */
  private TaskInput resolve(GroupTaskSpec spec) {
    TemplateScope scope = TemplateScope.of(context, outputs);
    @SuppressWarnings("unchecked")
    Map<String, Object> params =
        (Map<String, Object>) Templates.render(spec.task().params(), scope);
    if (spec.expansion() != null) {
      // SINGLE: no fan-out; the whole list goes to one execution as `items`.
      params = new LinkedHashMap<>(params);
      params.put("items", ExpansionPlanner.items(spec.expansion(), scope));
    }
    TaskInput task = spec.task();
    return new TaskInput(
        task.type(),
        params,
        task.priority(),
        task.activityTaskQueue(),
        task.retry(),
        task.timeouts(),
        false,
        null);
  }

  private static ChildWorkflowOptions childOptions(
      String childId, String groupId, String agencyId, TaskInput task) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(TaskSearchAttributes.TASK_TYPE, task.type())
            .set(TaskSearchAttributes.TASK_STATUS, TaskStatus.PENDING.name())
            .set(TaskSearchAttributes.TASK_PRIORITY, task.priority().name())
            .set(TaskSearchAttributes.TASK_GROUP_ID, groupId);
    if (agencyId != null) {
      attributes.set(TaskSearchAttributes.AGENCY_ID, agencyId);
    }
    TaskSearchAttributes.withParentTenant(attributes);
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(childId)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setPriority(task.priority().toTemporal())
        .setTypedSearchAttributes(attributes.build())
        .setMemo(Map.of("name", childId.substring(groupId.length() + 1)))
        .build();
  }

  private boolean awaitAnyFinished(Duration limit) {
    if (limit == null) {
      Workflow.await(this::anyFinished);
      return true;
    }
    if (!limit.isPositive()) {
      return anyFinished();
    }
    return Workflow.await(limit, this::anyFinished);
  }

  private boolean anyFinished() {
    return running.values().stream().anyMatch(r -> r.result().isCompleted());
  }

  private void collectFinished(TaskGraph graph, FailurePolicy policy) {
    for (String name : new ArrayList<>(running.keySet())) {
      Running child = running.get(name);
      if (!child.result().isCompleted()) {
        continue;
      }
      running.remove(name);
      GroupTaskState finished = outcome(name, child.result());
      states.put(name, finished);
      if (finished.output() != null) {
        publish(name, finished.output());
      }
      log.info("group task {} ended {}", name, finished.status());
      failFastIfUnhandled(graph, name, policy);
    }
  }

  /** Under FAIL_FAST, an unhandled failure cancels what runs and skips what has not started. */
  private void failFastIfUnhandled(TaskGraph graph, String name, FailurePolicy policy) {
    GroupTaskState failed = states.get(name);
    if (failed.status() == TaskStatus.FAILED
        && policy == FailurePolicy.FAIL_FAST
        && !isHandled(graph, name)
        && reason == null) {
      reason = "task '" + name + "' failed: " + failed.failure().message();
      running.values().forEach(r -> r.scope().cancel("group failing fast"));
      skipNotStarted("group failed fast after '" + name + "' failed");
    }
  }

  private GroupTaskState outcome(String name, Promise<?> result) {
    GroupTaskState current = states.get(name);
    try {
      Object value = result.get();
      if (value instanceof ExpansionResult expansion) {
        Object output = expansion.outputRef() != null ? expansion.outputRef() : expansion.output();
        return new GroupTaskState(
            name,
            TaskStatus.COMPLETED,
            current.taskId(),
            output,
            null,
            null,
            expansion.progress(),
            current.startedAt(),
            now());
      }
      TaskResult task = (TaskResult) value;
      Object output =
          task.output().dataRef() != null ? task.output().dataRef() : task.output().data();
      return new GroupTaskState(
          name,
          TaskStatus.COMPLETED,
          current.taskId(),
          output,
          null,
          null,
          null,
          current.startedAt(),
          now());
    } catch (ChildWorkflowFailure e) {
      TaskFailure failure = failureOf(e);
      TaskStatus status =
          failure.kind() == FailureKind.CANCELLED ? TaskStatus.CANCELLED : TaskStatus.FAILED;
      ExpansionResult partial = partialExpansion(e);
      Object output =
          partial == null
              ? null
              : partial.outputRef() != null ? partial.outputRef() : partial.output();
      return new GroupTaskState(
          name,
          status,
          current.taskId(),
          output,
          failure,
          null,
          partial == null ? null : partial.progress(),
          current.startedAt(),
          now());
    }
  }

  /** A failed expansion's details carry what its successful items produced (partial results). */
  private static ExpansionResult partialExpansion(ChildWorkflowFailure e) {
    if (e.getCause() instanceof ApplicationFailure application
        && ExpansionResult.ITEMS_FAILED.equals(application.getType())) {
      return application.getDetails().get(1, ExpansionResult.class);
    }
    return null;
  }

  private static TaskFailure failureOf(ChildWorkflowFailure e) {
    Throwable cause = e.getCause();
    if (cause instanceof CanceledFailure || cause instanceof TerminatedFailure) {
      return new TaskFailure(FailureKind.CANCELLED, "task was cancelled", "Cancelled", 0);
    }
    if (cause instanceof TimeoutFailure) {
      return new TaskFailure(FailureKind.TIMEOUT, "task timed out", "TIMEOUT_WORKFLOW", 0);
    }
    if (cause instanceof ApplicationFailure application) {
      if (FailureTypes.TASK_FAILED.equals(application.getType())
          || ExpansionResult.ITEMS_FAILED.equals(application.getType())) {
        return application.getDetails().get(0, TaskFailure.class);
      }
      return new TaskFailure(
          FailureKind.ERROR, application.getOriginalMessage(), application.getType(), 0);
    }
    return new TaskFailure(FailureKind.ERROR, e.getMessage(), "ChildWorkflowFailure", 0);
  }

  /** A failure is handled when some task waits for exactly that (FAILED or any terminal). */
  private static boolean isHandled(TaskGraph graph, String failed) {
    for (String dependent : graph.dependents(failed)) {
      for (Dependency dependency : graph.dependencies(dependent)) {
        if (dependency.task().equals(failed)
            && dependency.condition() != DependencyCondition.COMPLETED) {
          return true;
        }
      }
    }
    return false;
  }

  private void publish(String name, Object output) {
    outputs.put(name, output);
    context.put(name, output);
    GroupTaskSpec spec = specs.get(name);
    boolean separateItems =
        spec.expansion() != null && spec.expansion().output() == OutputFormat.SEPARATE;
    if (output instanceof Map<?, ?> separate && separateItems) {
      separate.forEach(
          (key, value) -> {
            outputs.put((String) key, value);
            context.put((String) key, value);
          });
    }
  }

  private void skipUnsatisfiable(TaskGraph graph) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<String, String> skip : graph.skippable(statuses(), started).entrySet()) {
        started.add(skip.getKey());
        update(skip.getKey(), s -> skipped(s, skip.getValue()));
        changed = true;
      }
    }
  }

  private void skipNotStarted(String why) {
    for (String name : states.keySet()) {
      if (!started.contains(name)) {
        started.add(name);
        update(name, s -> skipped(s, why));
      }
    }
  }

  private static GroupTaskState skipped(GroupTaskState s, String why) {
    return new GroupTaskState(
        s.name(), TaskStatus.SKIPPED, s.taskId(), null, null, why, null, null, null);
  }

  private void timeOut(Duration timeout) {
    reason = "group timed out after " + timeout;
    running.values().forEach(r -> r.scope().cancel("group timed out"));
    skipNotStarted(reason);
  }

  private boolean isStopping() {
    return reason != null;
  }

  /** After a cancel: waits for every running child to end, recording how each ended. */
  private void drainRunning() {
    for (Running child : running.values()) {
      child.scope().cancel("group was cancelled");
    }
    for (String name : new ArrayList<>(running.keySet())) {
      Promise<?> result = running.get(name).result();
      try {
        result.get();
      } catch (RuntimeException ignored) {
        // its outcome is read below
      }
      states.put(name, outcome(name, result));
    }
    running.clear();
  }

  private TaskGroupState finish(TaskGraph graph) {
    boolean failed = false;
    for (GroupTaskState task : states.values()) {
      if (task.status() == TaskStatus.FAILED && !isHandled(graph, task.name())) {
        failed = true;
        if (reason == null) {
          reason = "task '" + task.name() + "' failed: " + task.failure().message();
        }
      }
    }
    if (!failed && reason != null) {
      failed = true; // timed out
    }
    setStatus(failed ? TaskStatus.FAILED : TaskStatus.COMPLETED);
    return state();
  }

  private Map<String, TaskStatus> statuses() {
    Map<String, TaskStatus> result = new LinkedHashMap<>();
    states.forEach((name, state) -> result.put(name, state.status()));
    return result;
  }

  private void update(String name, java.util.function.UnaryOperator<GroupTaskState> change) {
    states.put(name, change.apply(states.get(name)));
  }

  private void setStatus(TaskStatus next) {
    status = next;
    Workflow.upsertTypedSearchAttributes(TaskSearchAttributes.TASK_STATUS.valueSet(next.name()));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  @Override
  public TaskGroupState state() {
    return new TaskGroupState(
        status, List.copyOf(states.values()), new LinkedHashMap<>(context), reason);
  }
}

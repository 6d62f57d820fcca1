package io.taskforge.workflows.agency;

import io.taskforge.workflows.LogKeys;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.taskgroup.Dependency;
import io.taskforge.workflows.taskgroup.DependencyCondition;
import io.taskforge.workflows.taskgroup.TaskGraph;
import io.taskforge.workflows.taskgroup.TaskGroupInput;
import io.taskforge.workflows.taskgroup.TaskGroupState;
import io.taskforge.workflows.taskgroup.TaskGroupWorkflow;
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
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Runs an agency (see the package documentation): starts each group as a child TaskGroupWorkflow
 * once the groups it depends on have ended as required and the context keys it waits for exist,
 * merges what each completed group published into the shared context, takes context and groups
 * added while it runs, and continues as new when its history grows long, at a moment when no group
 * is running.
 */
public class AgencyWorkflowImpl implements AgencyWorkflow {
  private static final Logger log = Workflow.getLogger(AgencyWorkflowImpl.class);

  /** Continue-as-new past this many history events, unless the input names a limit. */
  static final int DEFAULT_HISTORY_LIMIT = 10_000;

  static final String GROUP_TASK_TYPE = "task_group";

  private final Map<String, AgencyGroupSpec> specs = new LinkedHashMap<>();
  private final Map<String, AgencyGroupState> states = new LinkedHashMap<>();
  private final Map<String, Object> context = new LinkedHashMap<>();
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<ContextConflict> conflicts = new ArrayList<>();
  private final Map<String, Running> running = new LinkedHashMap<>();
  private TaskStatus status = TaskStatus.PENDING;
  private boolean keepOpen;
  private boolean closeRequested;
  private boolean changed;
  private int continuations;
  private String reason;

  /** A group that has been started and not yet observed to end. */
  private record Running(
      CancellationScope scope, Promise<TaskGroupState> result, Map<String, Object> startContext) {}

  /**
   * Restores the state before any handler runs: an update or signal that reaches a new run (after
   * continue-as-new) in its first workflow task must see the groups the last run handed over.
   */
  @WorkflowInit
  public AgencyWorkflowImpl(AgencyInput input) {
    restore(input);
  }

  @Override
  public AgencyState run(AgencyInput input) {
    String agencyId = Workflow.getInfo().getWorkflowId();
    LogKeys.put(LogKeys.AGENCY_ID, agencyId);
    setStatus(TaskStatus.RUNNING);
    int historyLimit = input.historyLimit() > 0 ? input.historyLimit() : DEFAULT_HISTORY_LIMIT;
    try {
      while (true) {
        collectFinished();
        skipUnsatisfiable();
        boolean draining = shouldContinueAsNew(historyLimit);
        if (!draining) {
          startReady(agencyId);
        }
        if (running.isEmpty()) {
          if (draining) {
            continueAsNew(input, historyLimit);
          }
          if (closeRequested) {
            skipNotStarted("agency was closed before the group could start");
          }
          if (allEnded() && (!keepOpen || closeRequested)) {
            break;
          }
        }
        changed = false;
        Workflow.await(() -> changed || anyFinished());
      }
    } catch (CanceledFailure e) {
      Workflow.newDetachedCancellationScope(this::cancelEverything).run();
      throw e;
    }
    AgencyState result = finish();
    if (result.status() == TaskStatus.FAILED) {
      throw ApplicationFailure.newNonRetryableFailure(
          result.reason(), FailureTypes.TASK_FAILED, result);
    }
    return result;
  }

  private void restore(AgencyInput input) {
    keepOpen = input.keepOpen();
    AgencyResume resume = input.resume();
    if (resume != null) {
      resume.groups().forEach(group -> states.put(group.name(), group));
      conflicts.addAll(resume.conflicts());
      sources.putAll(resume.sources());
      closeRequested = resume.closeRequested();
      continuations = resume.continuations();
    }
    context.putAll(input.context());
    if (resume == null) {
      input.context().keySet().forEach(key -> sources.put(key, AgencyContext.INITIAL));
    }
    for (AgencyGroupSpec spec : input.groups()) {
      specs.put(spec.name(), spec);
      states.putIfAbsent(spec.name(), AgencyGroupState.initial(spec));
    }
  }

  private boolean shouldContinueAsNew(int historyLimit) {
    return Workflow.getInfo().isContinueAsNewSuggested()
        || Workflow.getInfo().getHistoryLength() >= historyLimit;
  }

  /**
   * Hands over to a new run. Only called with no group running: a child outlives neither the run
   * that started it (the parent close policy cancels it) nor its link to that run, so running
   * groups are waited for first, and no new group starts meanwhile.
   */
  private void continueAsNew(AgencyInput input, int historyLimit) {
    Workflow.await(Workflow::isEveryHandlerFinished);
    List<AgencyGroupSpec> pending = new ArrayList<>();
    specs.forEach(
        (name, spec) -> {
          if (!states.get(name).status().isTerminal()) {
            pending.add(spec);
          }
        });
    log.info(
        "agency continues as new after {} events: {} group(s) pending, {} key(s) of context",
        Workflow.getInfo().getHistoryLength(),
        pending.size(),
        context.size());
    Workflow.continueAsNew(
        new AgencyInput(
            pending,
            context,
            keepOpen,
            input.historyLimit(),
            new AgencyResume(
                List.copyOf(states.values()),
                conflicts,
                sources,
                closeRequested,
                continuations + 1)));
  }

  private TaskGraph graph() {
    Map<String, List<Dependency>> dependencies = new LinkedHashMap<>();
    states.forEach((name, state) -> dependencies.put(name, state.dependsOn()));
    return TaskGraph.of(dependencies);
  }

  private void startReady(String agencyId) {
    for (String name : graph().ready(statuses(), Set.of())) {
      AgencyGroupState state = states.get(name);
      if (state.status() != TaskStatus.PENDING && state.status() != TaskStatus.WAITING) {
        continue;
      }
      if (!AgencyContext.missing(state.waitForContext(), context).isEmpty()) {
        continue;
      }
      start(agencyId, specs.get(name));
    }
  }

  private void start(String agencyId, AgencyGroupSpec spec) {
    String groupId = agencyId + "." + spec.name();
    Map<String, Object> startContext = new LinkedHashMap<>(context);
    startContext.putAll(spec.group().context());
    TaskGroupInput input = spec.group().inAgency(agencyId, startContext);
    TaskGroupWorkflow child =
        Workflow.newChildWorkflowStub(
            TaskGroupWorkflow.class, childOptions(agencyId, groupId, spec));
    @SuppressWarnings("unchecked")
    Promise<TaskGroupState>[] promise = new Promise[1];
    CancellationScope scope =
        Workflow.newCancellationScope(() -> promise[0] = Async.function(child::run, input));
    scope.run();
    running.put(spec.name(), new Running(scope, promise[0], startContext));
    states.put(spec.name(), states.get(spec.name()).started(groupId, now()));
    log.info("agency group {} started as {}", spec.name(), groupId);
  }

  private static ChildWorkflowOptions childOptions(
      String agencyId, String groupId, AgencyGroupSpec spec) {
    TaskGroupInput group = spec.group();
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(groupId)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setPriority(group.priority().toTemporal())
        .setTypedSearchAttributes(
            TaskSearchAttributes.withParentTenant(
                    SearchAttributes.newBuilder()
                        .set(TaskSearchAttributes.TASK_TYPE, GROUP_TASK_TYPE)
                        .set(TaskSearchAttributes.TASK_STATUS, TaskStatus.PENDING.name())
                        .set(TaskSearchAttributes.TASK_PRIORITY, group.priority().name())
                        .set(TaskSearchAttributes.TASK_GROUP_ID, groupId)
                        .set(TaskSearchAttributes.AGENCY_ID, agencyId))
                .build())
        .setMemo(Map.of("name", spec.name(), "agencyId", agencyId))
        .build();
  }

  private boolean anyFinished() {
    return running.values().stream().anyMatch(r -> r.result().isCompleted());
  }

  /** Records every group that has ended; a completed group's outputs merge as one step. */
  private void collectFinished() {
    for (String name : new ArrayList<>(running.keySet())) {
      Running group = running.get(name);
      if (group.result().isCompleted()) {
        running.remove(name);
        record(name, group);
      }
    }
  }

  private void record(String name, Running group) {
    AgencyGroupState current = states.get(name);
    try {
      TaskGroupState result = group.result().get();
      Map<String, Object> published = AgencyContext.published(result, group.startContext());
      ContextMerge planned =
          AgencyContext.plan(
              context, sources, AgencyContext.groupSource(name), published, name, now());
      // Recorded in the history (a marker), so event streams can show the merge and its conflicts.
      ContextMerge merge = Workflow.sideEffect(ContextMerge.class, () -> planned);
      AgencyContext.apply(merge, context, sources, conflicts);
      states.put(
          name, current.ended(TaskStatus.COMPLETED, published, null, current.startedAt(), now()));
      if (!merge.conflicts().isEmpty()) {
        log.warn(
            "agency group {} conflicts on context key(s) {}",
            name,
            merge.conflicts().stream().map(ContextConflict::key).toList());
      }
    } catch (ChildWorkflowFailure e) {
      states.put(name, failed(current, e));
    } catch (CanceledFailure e) {
      // cancelled before the child had even started
      states.put(
          name,
          current.ended(
              TaskStatus.CANCELLED, null, "group was cancelled", current.startedAt(), now()));
    }
    changed = true;
    log.info("agency group {} ended {}", name, states.get(name).status());
  }

  private AgencyGroupState failed(AgencyGroupState current, ChildWorkflowFailure e) {
    Throwable cause = e.getCause();
    TaskStatus next = TaskStatus.FAILED;
    Map<String, Object> partial = null;
    String why;
    if (cause instanceof CanceledFailure || cause instanceof TerminatedFailure) {
      next = TaskStatus.CANCELLED;
      why = "group was cancelled";
    } else if (cause instanceof TimeoutFailure) {
      why = "group timed out";
    } else if (cause instanceof ApplicationFailure application
        && FailureTypes.TASK_FAILED.equals(application.getType())) {
      TaskGroupState details = application.getDetails().get(TaskGroupState.class);
      partial = onlyTaskOutputs(details);
      why = details == null ? application.getOriginalMessage() : details.reason();
    } else if (cause instanceof ApplicationFailure application) {
      why = application.getOriginalMessage();
    } else {
      why = e.getMessage();
    }
    return current.ended(next, partial, why, current.startedAt(), now());
  }

  /** A failed group's partial results: its completed tasks' outputs, kept but never merged. */
  private static Map<String, Object> onlyTaskOutputs(TaskGroupState details) {
    Map<String, Object> outputs = new LinkedHashMap<>();
    if (details != null && details.tasks() != null) {
      details.tasks().stream()
          .filter(t -> t.status() == TaskStatus.COMPLETED && t.output() != null)
          .forEach(t -> outputs.put(t.name(), t.output()));
    }
    return outputs;
  }

  private void skipUnsatisfiable() {
    boolean again = true;
    while (again) {
      again = false;
      for (Map.Entry<String, String> skip : graph().skippable(statuses(), Set.of()).entrySet()) {
        AgencyGroupState state = states.get(skip.getKey());
        String why = skip.getValue().replace("dependency '", "group '");
        states.put(skip.getKey(), state.ended(TaskStatus.SKIPPED, null, why, null, now()));
        again = true;
      }
    }
  }

  private void skipNotStarted(String why) {
    for (AgencyGroupState state : new ArrayList<>(states.values())) {
      if (state.status() == TaskStatus.PENDING || state.status() == TaskStatus.WAITING) {
        List<String> missing = AgencyContext.missing(state.waitForContext(), context);
        String detail = missing.isEmpty() ? why : why + " (context keys " + missing + " missing)";
        states.put(state.name(), state.ended(TaskStatus.SKIPPED, null, detail, null, now()));
      }
    }
  }

  private boolean allEnded() {
    return states.values().stream().allMatch(s -> s.status().isTerminal());
  }

  /** Cancels every running group, waits for each to end, and skips the rest. */
  private void cancelEverything() {
    running.values().forEach(r -> r.scope().cancel("agency was cancelled"));
    for (String name : new ArrayList<>(running.keySet())) {
      Running group = running.remove(name);
      try {
        group.result().get();
      } catch (RuntimeException ignored) {
        // its outcome is recorded below
      }
      record(name, group);
    }
    skipNotStarted("agency was cancelled");
    reason = "agency was cancelled";
    setStatus(TaskStatus.CANCELLED);
  }

  /** FAILED when some group failed or was cancelled and no group waits for exactly that. */
  private AgencyState finish() {
    TaskGraph graph = graph();
    for (AgencyGroupState group : states.values()) {
      boolean bad = group.status() == TaskStatus.FAILED || group.status() == TaskStatus.CANCELLED;
      if (bad && !isHandled(graph, group.name()) && reason == null) {
        reason = "group '" + group.name() + "' ended " + group.status() + ": " + group.reason();
      }
    }
    setStatus(reason == null ? TaskStatus.COMPLETED : TaskStatus.FAILED);
    return state();
  }

  private static boolean isHandled(TaskGraph graph, String group) {
    for (String dependent : graph.dependents(group)) {
      for (Dependency dependency : graph.dependencies(dependent)) {
        if (dependency.task().equals(group)
            && dependency.condition() != DependencyCondition.COMPLETED) {
          return true;
        }
      }
    }
    return false;
  }

  private Map<String, TaskStatus> statuses() {
    Map<String, TaskStatus> result = new LinkedHashMap<>();
    states.forEach((name, state) -> result.put(name, state.status()));
    return result;
  }

  private void setStatus(TaskStatus next) {
    status = next;
    Workflow.upsertTypedSearchAttributes(TaskSearchAttributes.TASK_STATUS.valueSet(next.name()));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  @Override
  public AgencyState state() {
    return new AgencyState(
        status,
        List.copyOf(states.values()),
        new LinkedHashMap<>(context),
        List.copyOf(conflicts),
        keepOpen,
        closeRequested,
        reason,
        continuations);
  }

  @Override
  public ContextMerge addContext(ContextAddition addition) {
    ContextMerge merge =
        AgencyContext.plan(context, sources, AgencyContext.API, addition.values(), null, now());
    AgencyContext.apply(merge, context, sources, conflicts);
    changed = true;
    log.info(
        "agency context: added {}, conflicting {}",
        merge.added(),
        merge.conflicts().stream().map(ContextConflict::key).toList());
    return merge;
  }

  @Override
  public void validateAddContext(ContextAddition addition) {
    if (status.isTerminal()) {
      throw new IllegalStateException("the agency has ended");
    }
    if (addition.values().isEmpty()) {
      throw new IllegalArgumentException("no keys to add");
    }
    if (addition.values().containsKey(AgencyContext.GROUPS_KEY)) {
      throw new IllegalArgumentException(
          "'" + AgencyContext.GROUPS_KEY + "' is written only by the agency's groups");
    }
  }

  @Override
  public AgencyGroupState addGroup(AgencyGroupSpec group) {
    specs.put(group.name(), group);
    AgencyGroupState state = AgencyGroupState.initial(group);
    states.put(group.name(), state);
    changed = true;
    log.info("agency group {} added", group.name());
    return state;
  }

  @Override
  public void validateAddGroup(AgencyGroupSpec group) {
    if (status.isTerminal() || closeRequested) {
      throw new IllegalStateException("the agency is closed and takes no more groups");
    }
    if (states.containsKey(group.name())) {
      throw new IllegalArgumentException("the agency already has a group '" + group.name() + "'");
    }
    for (Dependency dependency : group.dependsOn()) {
      if (!states.containsKey(dependency.task())) {
        throw new IllegalArgumentException("unknown group '" + dependency.task() + "'");
      }
    }
  }

  @Override
  public void close() {
    closeRequested = true;
    changed = true;
  }
}

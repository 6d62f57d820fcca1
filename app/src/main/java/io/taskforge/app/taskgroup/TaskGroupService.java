package io.taskforge.app.taskgroup;

import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.metrics.SubmissionMetrics;
import io.taskforge.app.security.Tenancy;
import io.taskforge.app.task.TaskStatuses;
import io.taskforge.app.tenant.OpenTaskLimit;
import io.taskforge.app.tenant.TenantSettings;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import io.taskforge.app.web.Starts;
import io.taskforge.app.web.Visibility;
import io.taskforge.workflows.LogKeys;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.taskgroup.GroupResume;
import io.taskforge.workflows.taskgroup.GroupTaskSpec;
import io.taskforge.workflows.taskgroup.GroupTaskState;
import io.taskforge.workflows.taskgroup.TaskGraph;
import io.taskforge.workflows.taskgroup.TaskGroupInput;
import io.taskforge.workflows.taskgroup.TaskGroupState;
import io.taskforge.workflows.taskgroup.TaskGroupWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Everything the task-group API does to Temporal. Every method blocks on the Temporal client:
 * callers run it off the event loop (see {@link io.taskforge.app.web.Blocking}).
 */
@Service
public class TaskGroupService {
  private static final Logger log = LoggerFactory.getLogger(TaskGroupService.class);
  public static final String TASK_TYPE = "task_group";

  private final WorkflowClient client;
  private final TaskGroupReader reader;
  private final ArtifactStore artifacts;
  private final TenantSettings tenants;
  private final OpenTaskLimit openTasks;
  private final String taskQueue;
  private final SubmissionMetrics metrics;

  public TaskGroupService(
      TemporalApiClient temporal,
      TaskGroupReader reader,
      ArtifactStore artifacts,
      TenantSettings tenants,
      OpenTaskLimit openTasks,
      WorkerSettings workerSettings,
      SubmissionMetrics metrics) {
    this.metrics = metrics;
    this.client = temporal.workflows();
    this.reader = reader;
    this.artifacts = artifacts;
    this.tenants = tenants;
    this.openTasks = openTasks;
    this.taskQueue = workerSettings.taskQueue();
  }

  /** The outcome of a submission: the group, and whether this call created it. */
  public record Submitted(TaskGroupView group, boolean created) {}

  /**
   * Starts the group's workflow for the tenant, within its limits. With an idempotency key the
   * group id derives from the key (and the tenant), and the request hash in the memo tells a true
   * retry from a different request reusing the key.
   */
  public Submitted submit(
      String tenant,
      TaskGroupRequestMapper.ValidGroup group,
      String idempotencyKey,
      String requestHash) {
    TaskGroupInput input = withinLimits(tenant, group.input(), "");
    openTasks.check(tenant);
    String id = groupId(group.id(), idempotencyKey, tenant);
    String workflowId = Tenancy.workflowId(tenant, id);
    Map<String, Object> memo = memo(group, requestHash);
    try {
      // A new group never replaces an earlier one of the same id, not even a failed one; only
      // retry-failed starts another run under an existing id.
      WorkflowExecution started =
          start(
              tenant,
              workflowId,
              input,
              memo,
              group.name(),
              WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
      metrics.groupSubmitted(input.priority().name());
      log.atInfo()
          .addKeyValue(LogKeys.GROUP_ID, id)
          .addKeyValue(LogKeys.WORKFLOW_ID, workflowId)
          .addKeyValue(LogKeys.RUN_ID, started.getRunId())
          .log(
              "task group {} submitted for tenant {} with {} task(s)",
              workflowId,
              tenant,
              input.tasks().size());
      return new Submitted(reader.initial(tenant, reader.describe(tenant, id), input), true);
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Only the tenant's own space is ever looked at: whatever is there is the tenant's.
      WorkflowExecutionDescription existing = describeAny(workflowId);
      String existingHash =
          (String) existing.getMemo(TaskGroupReader.MEMO_REQUEST_HASH, String.class);
      if (idempotencyKey != null
          && requestHash.equals(existingHash)
          && TaskGroupReader.WORKFLOW_TYPE.equals(existing.getWorkflowType())
          && Tenancy.owns(tenant, existing)) {
        return new Submitted(reader.read(tenant, existing), false);
      }
      throw Problems.conflict(
          idempotencyKey != null
              ? "Idempotency-Key was already used for a different request (group " + id + ")"
              : "a workflow with id " + id + " already exists");
    }
  }

  private WorkflowExecutionDescription describeAny(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).describe();
  }

  private WorkflowExecution start(
      String tenant,
      String workflowId,
      TaskGroupInput input,
      Map<String, Object> memo,
      String summary,
      WorkflowIdReusePolicy reusePolicy) {
    WorkflowOptions options =
        startOptions(tenant, workflowId, input, memo, summary)
            .setWorkflowIdReusePolicy(reusePolicy)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .build();
    return Starts.start(
            client,
            options,
            tagged ->
                WorkflowClient.start(
                    client.newWorkflowStub(TaskGroupWorkflow.class, tagged)::run, input))
        .execution();
  }

  /**
   * The group's input carrying the tenant's expansion cap, which run-time expansions check; 422
   * naming each expansion whose literal items already exceed it.
   *
   * @param prefix the path of the group in the request, prepended to field names ("" at the root)
   */
  public TaskGroupInput withinLimits(String tenant, TaskGroupInput input, String prefix) {
    long maxItems = tenants.limitsFor(tenant).maxExpansionItems();
    List<FieldProblem> oversized = ExpansionLimits.oversized(input, maxItems, tenant, prefix);
    if (!oversized.isEmpty()) {
      throw Problems.invalid(oversized);
    }
    return ExpansionLimits.limited(input, maxItems);
  }

  /**
   * The options every group's workflow starts with, whether the API starts it now or a schedule
   * starts it later (then {@code workflowId} is the prefix Temporal appends the scheduled time to,
   * and the workflow corrects its {@code TaskGroupId}). {@code TaskGroupId} holds the workflow id,
   * as it does on the group's tasks. The caller adds id reuse and conflict policies, which Temporal
   * refuses on a schedule's action.
   */
  public WorkflowOptions.Builder startOptions(
      String tenant,
      String workflowId,
      TaskGroupInput input,
      Map<String, Object> memo,
      String summary) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(taskQueue)
        .setPriority(input.priority().toTemporal())
        .setMemo(memo)
        .setTypedSearchAttributes(
            Tenancy.tag(
                    SearchAttributes.newBuilder()
                        .set(TaskSearchAttributes.TASK_TYPE, TASK_TYPE)
                        .set(TaskSearchAttributes.TASK_STATUS, TaskStatus.PENDING.name())
                        .set(TaskSearchAttributes.TASK_PRIORITY, input.priority().name())
                        .set(TaskSearchAttributes.TASK_GROUP_ID, workflowId),
                    tenant)
                .build())
        .setStaticSummary(summary);
  }

  /** The memo of a submitted group; {@code requestHash} null for none. */
  public static Map<String, Object> memo(
      TaskGroupRequestMapper.ValidGroup group, String requestHash) {
    Map<String, Object> memo = new LinkedHashMap<>();
    memo.put(TaskGroupReader.MEMO_NAME, group.name());
    if (group.description() != null) {
      memo.put(TaskGroupReader.MEMO_DESCRIPTION, group.description());
    }
    memo.put(TaskGroupReader.MEMO_METADATA, group.metadata());
    if (requestHash != null) {
      memo.put(TaskGroupReader.MEMO_REQUEST_HASH, requestHash);
    }
    return memo;
  }

  /** As {@code TaskService.taskId}: a key-derived id includes the tenant (but the default's). */
  static String groupId(String requestedId, String idempotencyKey, String tenant) {
    if (requestedId != null) {
      return requestedId;
    }
    if (idempotencyKey != null) {
      String scoped =
          Tenancy.DEFAULT_TENANT.equals(tenant) ? idempotencyKey : tenant + ":" + idempotencyKey;
      return "group-"
          + UUID.nameUUIDFromBytes(
              ("group-idempotency:" + scoped).getBytes(StandardCharsets.UTF_8));
    }
    return "group-" + UUID.randomUUID();
  }

  public TaskGroupView get(String tenant, String id) {
    return reader.read(tenant, reader.describe(tenant, id));
  }

  public TaskGroupPage list(String tenant, TaskGroupQuery query, int pageSize, String pageToken) {
    Visibility.Page page =
        Visibility.list(client, query.toVisibilityQuery(), tenant, pageSize, pageToken);
    return new TaskGroupPage(
        page.executions().stream().map(m -> summary(tenant, m)).toList(), page.nextPageToken());
  }

  private static TaskGroupSummary summary(String tenant, WorkflowExecutionMetadata m) {
    SearchAttributes attributes = m.getTypedSearchAttributes();
    TaskStatus status =
        TaskStatuses.of(
            m.getWorkflowExecutionInfo().getStatus(),
            attributes.get(TaskSearchAttributes.TASK_STATUS));
    return new TaskGroupSummary(
        Tenancy.apiId(tenant, m.getExecution().getWorkflowId()),
        (String) m.getMemo(TaskGroupReader.MEMO_NAME, String.class),
        status.name(),
        attributes.get(TaskSearchAttributes.TASK_PRIORITY),
        m.getStartTime(),
        m.getCloseTime());
  }

  /** Cancels the group: its running tasks are cancelled, the rest skipped. */
  public TaskGroupView cancel(String tenant, String id) {
    WorkflowExecutionDescription description = reader.describe(tenant, id);
    if (!TaskGroupReader.isOpen(description)) {
      throw Problems.conflict("task group " + id + " is already closed and cannot be cancelled");
    }
    String workflowId = description.getExecution().getWorkflowId();
    client.newUntypedWorkflowStub(workflowId).cancel("cancelled through the API");
    log.atInfo()
        .addKeyValue(LogKeys.GROUP_ID, workflowId)
        .addKeyValue(LogKeys.WORKFLOW_ID, workflowId)
        .addKeyValue(LogKeys.RUN_ID, description.getExecution().getRunId())
        .log("task group {} cancel requested", workflowId);
    return reader.read(tenant, reader.describe(tenant, id));
  }

  /**
   * Runs the failed items of an expanded task again, in a new run of the closed group: tasks that
   * completed keep their outputs and do not run again, except the retried task's dependents, which
   * run again on its new output; the items the expansion already completed are not run again.
   */
  public TaskGroupView retryFailed(String tenant, String id, String taskName) {
    WorkflowExecutionDescription description = reader.describe(tenant, id);
    if (TaskGroupReader.isOpen(description)) {
      throw Problems.conflict(
          "task group " + id + " is still running; retry-failed applies once it has ended");
    }
    String workflowId = description.getExecution().getWorkflowId();
    String runId = description.getExecution().getRunId();
    TaskGroupInput input = reader.input(workflowId, runId);
    GroupTaskSpec spec =
        input.tasks().stream()
            .filter(t -> t.name().equals(taskName))
            .findFirst()
            .orElseThrow(() -> Problems.notFound("task of group " + id, taskName));
    if (!ExpansionRequests.fansOut(spec.expansion())) {
      throw Problems.invalid(
          "name",
          "task '"
              + taskName
              + "' is not an expanded task; retry-failed reruns the failed items of an array,"
              + " matrix or custom expansion with output merge or separate");
    }
    TaskGroupState state = reader.closedState(workflowId, description, input);
    GroupTaskState target =
        state.tasks().stream().filter(t -> t.name().equals(taskName)).findFirst().orElse(null);
    checkRetryable(id, taskName, target);

    Set<String> rerun = withDependents(input, taskName);
    Map<String, GroupTaskState> completed = new LinkedHashMap<>();
    for (GroupTaskState task : state.tasks()) {
      if (task.status() == TaskStatus.COMPLETED && !rerun.contains(task.name())) {
        completed.put(task.name(), task);
      }
    }
    TaskGroupInput retry = input.withResume(new GroupResume(completed, List.of(taskName)));
    Map<String, Object> memo = new LinkedHashMap<>();
    TaskGroupViews.Descriptive descriptive = TaskGroupReader.descriptive(description);
    memo.put(TaskGroupReader.MEMO_NAME, descriptive.name());
    if (descriptive.description() != null) {
      memo.put(TaskGroupReader.MEMO_DESCRIPTION, descriptive.description());
    }
    memo.put(TaskGroupReader.MEMO_METADATA, descriptive.metadata());
    String hash = (String) description.getMemo(TaskGroupReader.MEMO_REQUEST_HASH, String.class);
    if (hash != null) {
      memo.put(TaskGroupReader.MEMO_REQUEST_HASH, hash);
    }
    // Whatever the last run's end, this explicit request may start another run of the group.
    start(
        tenant,
        workflowId,
        retry,
        memo,
        descriptive.name(),
        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
    log.info(
        "task group {} retrying the failed items of {} ({} task(s) kept)",
        workflowId,
        taskName,
        completed.size());
    return reader.initial(tenant, reader.describe(tenant, id), retry);
  }

  private static void checkRetryable(String id, String taskName, GroupTaskState task) {
    if (task == null) {
      throw Problems.conflict("task '" + taskName + "' of group " + id + " has no state to retry");
    }
    boolean itemsFailed = task.expansion() != null && task.expansion().failed() > 0;
    boolean retryable =
        switch (task.status()) {
          case FAILED, CANCELLED, SKIPPED -> true;
          case COMPLETED -> itemsFailed;
          default -> false;
        };
    if (!retryable) {
      throw Problems.conflict(
          "task '"
              + taskName
              + "' of group "
              + id
              + " is "
              + task.status()
              + (task.status() == TaskStatus.COMPLETED ? " with no failed items" : "")
              + "; there is nothing to retry");
    }
  }

  /** The task and every task that depends on it, directly or not. */
  static Set<String> withDependents(TaskGroupInput input, String taskName) {
    Map<String, List<io.taskforge.workflows.taskgroup.Dependency>> dependencies =
        new LinkedHashMap<>();
    input.tasks().forEach(t -> dependencies.put(t.name(), t.dependsOn()));
    TaskGraph graph = TaskGraph.of(dependencies);
    Set<String> found = new LinkedHashSet<>();
    Deque<String> next = new ArrayDeque<>(List.of(taskName));
    while (!next.isEmpty()) {
      String name = next.pop();
      if (found.add(name)) {
        next.addAll(graph.dependents(name));
      }
    }
    return found;
  }

  /** One artifact of a group's task; expansions file theirs under {@code <group>.<task>}. */
  public Path artifact(String tenant, String id, String taskName, String file) {
    reader.describe(tenant, id);
    if (!TaskGroupRequestMapper.TASK_NAME.matcher(taskName).matches()) {
      throw Problems.notFound("task of group " + id, taskName);
    }
    return artifacts
        .find(Tenancy.workflowId(tenant, id) + "." + taskName, file)
        .orElseThrow(() -> Problems.notFound("artifact", id + "/" + taskName + "/" + file));
  }
}

package io.taskforge.app.task;

import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.metrics.SubmissionMetrics;
import io.taskforge.app.security.Tenancy;
import io.taskforge.app.tasktype.TaskTypeRegistry;
import io.taskforge.app.tenant.OpenTaskLimit;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import io.taskforge.app.web.Starts;
import io.taskforge.app.web.Visibility;
import io.taskforge.app.web.WorkflowLookup;
import io.taskforge.workflows.LogKeys;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.task.TaskDependency;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.task.TaskWorkflow;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Everything the task API does to Temporal. Every method blocks on the Temporal client: callers run
 * it off the event loop (see {@link io.taskforge.app.web.Blocking}).
 */
@Service
public class TaskService {
  private static final Logger log = LoggerFactory.getLogger(TaskService.class);
  static final String WORKFLOW_TYPE = "TaskWorkflow";

  private final WorkflowClient client;
  private final TaskReader reader;
  private final TaskTypeRegistry registry;
  private final ArtifactStore artifacts;
  private final OpenTaskLimit openTasks;
  private final String workflowTaskQueue;
  private final SubmissionMetrics metrics;

  public TaskService(
      TemporalApiClient temporal,
      TaskReader reader,
      TaskTypeRegistry registry,
      ArtifactStore artifacts,
      OpenTaskLimit openTasks,
      WorkerSettings workerSettings,
      SubmissionMetrics metrics) {
    this.metrics = metrics;
    this.client = temporal.workflows();
    this.reader = reader;
    this.registry = registry;
    this.artifacts = artifacts;
    this.openTasks = openTasks;
    this.workflowTaskQueue = workerSettings.taskQueue();
  }

  /** The outcome of a submission: the task, and whether this call created it. */
  public record Submitted(TaskView task, boolean created) {}

  /**
   * Starts the task's workflow for the tenant. With an idempotency key the task id derives from the
   * key (and the tenant), so a retried request finds the task its first try created; the request
   * hash in the memo tells a true retry from a different request reusing the key.
   */
  public Submitted submit(
      String tenant,
      TaskRequestValidator.ValidTask task,
      String idempotencyKey,
      String requestHash) {
    String id = taskId(task.id(), idempotencyKey, tenant);
    String workflowId = Tenancy.workflowId(tenant, id);
    checkDependenciesExist(tenant, id, task.input().dependencies());
    openTasks.check(tenant);
    WorkflowOptions options =
        startOptions(tenant, workflowId, task, requestHash)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .build();
    try {
      Starts.Started start =
          Starts.start(
              client,
              options,
              tagged ->
                  WorkflowClient.start(
                      client.newWorkflowStub(TaskWorkflow.class, tagged)::run,
                      input(tenant, task)));
      WorkflowExecution started = start.execution();
      metrics.taskSubmitted(task.type().name(), task.input().priority().name());
      log.atInfo()
          .addKeyValue(LogKeys.TASK_ID, id)
          .addKeyValue(LogKeys.TASK_TYPE, task.type().name())
          .addKeyValue(LogKeys.WORKFLOW_ID, workflowId)
          .addKeyValue(LogKeys.RUN_ID, started.getRunId())
          .log(
              "task {} submitted for tenant {}: type={} priority={} dependencies={} webhook={}",
              id,
              tenant,
              task.type().name(),
              task.input().priority(),
              task.input().dependencies().size(),
              task.input().webhook() != null);
      return new Submitted(
          start.confirmed() ? reader.read(tenant, start.description()) : get(tenant, id), true);
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Only the tenant's own space is ever looked at: whatever is there is the tenant's.
      WorkflowExecutionDescription existing = client.newUntypedWorkflowStub(workflowId).describe();
      String existingHash = (String) existing.getMemo(TaskReader.MEMO_REQUEST_HASH, String.class);
      if (idempotencyKey != null
          && requestHash.equals(existingHash)
          && WORKFLOW_TYPE.equals(existing.getWorkflowType())
          && Tenancy.owns(tenant, existing)) {
        return new Submitted(reader.read(tenant, existing), false);
      }
      throw Problems.conflict(
          idempotencyKey != null
              ? "Idempotency-Key was already used for a different request (task " + id + ")"
              : "a task with id " + id + " already exists");
    }
  }

  /**
   * The workflow's input of a checked task of the tenant: its dependencies named by their workflow
   * ids, which the workflow signals and looks up.
   */
  public TaskInput input(String tenant, TaskRequestValidator.ValidTask task) {
    List<TaskDependency> dependencies =
        task.input().dependencies().stream()
            .map(
                d -> new TaskDependency(Tenancy.workflowId(tenant, d.taskId()), d.requiredStatus()))
            .toList();
    return task.input().withDependencies(dependencies);
  }

  /**
   * The options every task's workflow starts with, whether the API starts it now or a schedule
   * starts it later (then {@code workflowId} is the prefix Temporal appends the scheduled time to):
   * queue, priority, memo, search attributes. The caller adds id reuse and conflict policies, which
   * Temporal refuses on a schedule's action.
   *
   * @param tenant the task's tenant, its {@code Tenant} search attribute
   * @param requestHash null for none
   */
  public WorkflowOptions.Builder startOptions(
      String tenant, String workflowId, TaskRequestValidator.ValidTask task, String requestHash) {
    Map<String, Object> memo = new LinkedHashMap<>();
    memo.put(TaskReader.MEMO_NAME, task.name());
    if (task.description() != null) {
      memo.put(TaskReader.MEMO_DESCRIPTION, task.description());
    }
    memo.put(TaskReader.MEMO_METADATA, task.metadata());
    if (requestHash != null) {
      memo.put(TaskReader.MEMO_REQUEST_HASH, requestHash);
    }
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(workflowTaskQueue)
        .setPriority(task.input().priority().toTemporal())
        .setMemo(memo)
        .setTypedSearchAttributes(
            Tenancy.tag(
                    SearchAttributes.newBuilder()
                        .set(TaskSearchAttributes.TASK_TYPE, task.type().name())
                        .set(TaskSearchAttributes.TASK_STATUS, TaskStatus.PENDING.name())
                        .set(TaskSearchAttributes.TASK_PRIORITY, task.input().priority().name()),
                    tenant)
                .build())
        .setStaticSummary(task.name());
  }

  /**
   * 422 naming {@code dependencies[i].taskId} for each dependency that is not an existing task of
   * the tenant: another tenant's task is as unknown here as everywhere.
   */
  private void checkDependenciesExist(String tenant, String id, List<TaskDependency> dependencies) {
    List<FieldProblem> errors = new ArrayList<>();
    for (int i = 0; i < dependencies.size(); i++) {
      String dependency = dependencies.get(i).taskId();
      String field = "dependencies[" + i + "].taskId";
      if (dependency.equals(id)) {
        errors.add(new FieldProblem(field, "a task cannot depend on itself"));
        continue;
      }
      try {
        describe(tenant, dependency);
      } catch (ErrorResponseException e) {
        if (e.getStatusCode().value() != 404) {
          throw e;
        }
        errors.add(new FieldProblem(field, "names no existing task: " + dependency));
      }
    }
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
  }

  /**
   * The id of a new task. One derived from an idempotency key includes the tenant, so two tenants
   * using the same key get two tasks (the default tenant's ids stay as they were before tenants).
   */
  static String taskId(String requestedId, String idempotencyKey, String tenant) {
    if (requestedId != null) {
      return requestedId;
    }
    if (idempotencyKey != null) {
      String scoped =
          Tenancy.DEFAULT_TENANT.equals(tenant) ? idempotencyKey : tenant + ":" + idempotencyKey;
      return "task-" + UUID.nameUUIDFromBytes(("idempotency:" + scoped).getBytes());
    }
    return "task-" + UUID.randomUUID();
  }

  public TaskView get(String tenant, String id) {
    return reader.read(tenant, describe(tenant, id));
  }

  public TaskPage list(String tenant, TaskQuery query, int pageSize, String pageToken) {
    // TaskGroupId holds the group's workflow id, unique across tenants.
    TaskQuery inSpace =
        query.groupId() == null
            ? query
            : query.withGroupId(Tenancy.workflowId(tenant, query.groupId()));
    Visibility.Page page =
        Visibility.list(client, inSpace.toVisibilityQuery(), tenant, pageSize, pageToken);
    return new TaskPage(
        page.executions().stream().map(m -> summary(tenant, m)).toList(), page.nextPageToken());
  }

  private static TaskSummary summary(String tenant, WorkflowExecutionMetadata m) {
    SearchAttributes attributes = m.getTypedSearchAttributes();
    TaskStatus status =
        TaskStatuses.of(
            m.getWorkflowExecutionInfo().getStatus(),
            attributes.get(TaskSearchAttributes.TASK_STATUS));
    String name = (String) m.getMemo(TaskReader.MEMO_NAME, String.class);
    return new TaskSummary(
        Tenancy.apiId(tenant, m.getExecution().getWorkflowId()),
        attributes.get(TaskSearchAttributes.TASK_TYPE),
        name,
        status.name(),
        attributes.get(TaskSearchAttributes.TASK_PRIORITY),
        m.getStartTime(),
        m.getCloseTime());
  }

  /** The tenant's counts by status and by type, each from a visibility count query. */
  public TaskStats stats(String tenant) {
    Map<String, Long> byStatus = new LinkedHashMap<>();
    for (TaskStatus status : TaskStatus.values()) {
      byStatus.put(status.name(), count(tenant, TaskQuery.all().withStatus(status)));
    }
    Map<String, Long> byType = new LinkedHashMap<>();
    for (TaskTypeDefinition type : registry.all()) {
      byType.put(type.name(), count(tenant, TaskQuery.all().withType(type.name())));
    }
    return new TaskStats(count(tenant, TaskQuery.all()), byStatus, byType);
  }

  private long count(String tenant, TaskQuery query) {
    return client.countWorkflows(Tenancy.restrict(query.toVisibilityQuery(), tenant)).getCount();
  }

  /** Graceful cancel reaches the running attempt through its heartbeat; force terminates. */
  public TaskView cancel(String tenant, String id, boolean force) {
    WorkflowExecutionDescription open = describeOpen(tenant, id, "cancelled");
    String workflowId = open.getExecution().getWorkflowId();
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    if (force) {
      stub.terminate("force-cancelled through the API");
    } else {
      stub.cancel("cancelled through the API");
    }
    log.atInfo()
        .addKeyValue(LogKeys.TASK_ID, id)
        .addKeyValue(LogKeys.WORKFLOW_ID, workflowId)
        .addKeyValue(LogKeys.RUN_ID, open.getExecution().getRunId())
        .log(force ? "task {} terminated (force cancel)" : "task {} cancel requested", workflowId);
    return reader.read(tenant, describe(tenant, id));
  }

  public TaskView execute(String tenant, String id) {
    WorkflowExecutionDescription description = describeOpen(tenant, id, "executed");
    String status = description.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_STATUS);
    if (!TaskStatus.PENDING.name().equals(status)) {
      throw Problems.conflict("task " + id + " is " + status + ", not PENDING");
    }
    String workflowId = description.getExecution().getWorkflowId();
    client.newWorkflowStub(TaskWorkflow.class, workflowId).execute();
    log.info("task {} executed manually", workflowId);
    return reader.read(tenant, describe(tenant, id));
  }

  /** Deletes a closed task with its history and artifacts; an open one only when forced. */
  public void delete(String tenant, String id, boolean force) {
    WorkflowExecutionDescription description = describe(tenant, id);
    String workflowId = description.getExecution().getWorkflowId();
    if (description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      if (!force) {
        throw Problems.conflict(
            "task " + id + " is still open; cancel it first or delete with force=true");
      }
      client.newUntypedWorkflowStub(workflowId).terminate("deleted through the API");
    }
    client
        .getWorkflowServiceStubs()
        .blockingStub()
        .deleteWorkflowExecution(
            DeleteWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build());
    int files = artifacts.deleteAll(workflowId);
    log.info("task {} deleted with {} artifact file(s)", workflowId, files);
  }

  /** The file of one of a task's artifacts; 404 if the task or the file does not exist. */
  public Path artifact(String tenant, String id, String name) {
    describe(tenant, id);
    return artifacts
        .find(Tenancy.workflowId(tenant, id), name)
        .orElseThrow(() -> Problems.notFound("artifact", id + "/" + name));
  }

  private WorkflowExecutionDescription describeOpen(String tenant, String id, String verb) {
    WorkflowExecutionDescription description = describe(tenant, id);
    if (description.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw Problems.conflict("task " + id + " is already closed and cannot be " + verb);
    }
    return description;
  }

  /** Describes a task's workflow; 404 when there is none, it is not a task, or not the tenant's. */
  WorkflowExecutionDescription describe(String tenant, String id) {
    if (!TaskRequestValidator.ID.matcher(id).matches()
        || id.length() > TaskRequestValidator.MAX_ID) {
      throw Problems.notFound("task", id);
    }
    return WorkflowLookup.describe(client, tenant, id, WORKFLOW_TYPE, "task");
  }
}

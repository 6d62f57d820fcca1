package io.taskforge.activities.maintenance;

import io.taskforge.activities.TaskContext;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.TenantIds;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.Durations;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code system_maintenance}: the seeds' clean-up of old tasks. Deletes closed tasks (their
 * Temporal executions and their artifacts) that closed longer ago than a given age. Runs in
 * batches, so it can be cancelled between them, and can be asked for a dry run.
 *
 * <p>It only reaches the tasks of the tenant it runs for ({@link TaskContext#tenant()}): a tenant
 * that submits it cleans up its own tasks. Only a run in Taskforge's own id space (the built-in
 * clean-up schedule's, {@code _taskforge/cleanup-<time>}), which no tenant can start, covers every
 * tenant.
 */
@Component
public class SystemMaintenanceHandler implements TaskHandler {
  static final String TYPE = "system_maintenance";

  private static final TaskTypeDefinition DEFINITION =
      new TaskTypeDefinition(
          TYPE,
          "Deletes closed tasks older than a given age, with their history and artifacts.",
          TaskQueues.DEFAULT,
          List.of(
              ParamSpec.optional(
                  "olderThan",
                  ParamType.DURATION,
                  "7d",
                  "Delete tasks closed longer ago than this."),
              ParamSpec.optional(
                  "taskType",
                  ParamType.STRING,
                  null,
                  "Only delete tasks of this type (default: every type)."),
              ParamSpec.optional(
                      "limit", ParamType.INTEGER, 10_000, "Delete at most this many tasks per run.")
                  .between(1, 1_000_000),
              ParamSpec.optional(
                  "dryRun", ParamType.BOOLEAN, false, "Only count what would be deleted.")),
          new RetrySpec(3, Duration.ofSeconds(5), 2.0, Duration.ofMinutes(1), List.of()),
          new TimeoutSpec(Duration.ofHours(1), Duration.ofHours(1), null, Duration.ofSeconds(30)));

  private final WorkflowClient client;
  private final ArtifactStore artifacts;

  public SystemMaintenanceHandler(WorkflowClient client, ArtifactStore artifacts) {
    this.client = client;
    this.artifacts = artifacts;
  }

  @Override
  public TaskTypeDefinition definition() {
    return DEFINITION;
  }

  @Override
  public TaskOutput handle(TaskActivityInput input, TaskContext context) {
    Map<String, Object> params = input.params();
    Duration olderThan = Durations.parse((String) params.get("olderThan")).orElseThrow();
    int limit = ((Number) params.getOrDefault("limit", 10_000)).intValue();
    boolean dryRun = Boolean.TRUE.equals(params.get("dryRun"));
    Instant cutoff = Instant.now().minus(olderThan);
    String tenant = context.tenant();
    boolean everyTenant = TenantIds.INTERNAL_TENANT.equals(tenant);
    String query = query(cutoff, (String) params.get("taskType"), everyTenant ? null : tenant);

    List<WorkflowExecutionMetadata> candidates = client.listExecutions(query).limit(limit).toList();
    int deleted = 0;
    int artifactFiles = 0;
    for (WorkflowExecutionMetadata task : candidates) {
      context.checkCancelled();
      String id = task.getExecution().getWorkflowId();
      if (id.equals(input.taskId()) || !(everyTenant || tenant.equals(TenantIds.tenantOf(id)))) {
        continue; // itself, or (defense in depth) a task outside the tenant's id space
      }
      if (!dryRun) {
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .deleteWorkflowExecution(
                DeleteWorkflowExecutionRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setWorkflowExecution(
                        WorkflowExecution.newBuilder()
                            .setWorkflowId(id)
                            .setRunId(task.getExecution().getRunId()))
                    .build());
        artifactFiles += artifacts.deleteAll(id);
      }
      deleted++;
      if (deleted % 100 == 0) {
        context.progress(100.0 * deleted / candidates.size(), deleted + " tasks deleted");
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("tenant", everyTenant ? "*" : tenant);
    result.put("cutoff", cutoff.toString());
    result.put("query", query);
    result.put(dryRun ? "wouldDelete" : "deleted", deleted);
    result.put("artifactFilesDeleted", artifactFiles);
    result.put("dryRun", dryRun);
    return TaskOutput.of(result);
  }

  /**
   * Closed tasks that closed before the cutoff, of the tenant (every tenant's for null); open tasks
   * are never touched.
   */
  static String query(Instant cutoff, String taskType, String tenant) {
    String query =
        "WorkflowType = 'TaskWorkflow' AND ExecutionStatus != 'Running' AND CloseTime < '"
            + cutoff
            + "'";
    if (taskType != null) {
      query += " AND TaskType = '" + taskType.replace("'", "") + "'";
    }
    if (tenant != null) {
      query += " AND " + TaskSearchAttributes.tenantClause(tenant);
    }
    return query;
  }
}

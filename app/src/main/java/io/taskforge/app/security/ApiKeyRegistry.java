package io.taskforge.app.security;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.web.Problems;
import io.taskforge.workflows.apikey.ApiKeyEntry;
import io.taskforge.workflows.apikey.ApiKeyRegistryWorkflow;
import io.taskforge.workflows.apikey.ApiKeyRegistryWorkflow.RegistryInput;
import io.taskforge.workflows.apikey.ApiKeyRegistryWorkflow.Revocation;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Temporal side of the keys made through the API: the {@link ApiKeyRegistryWorkflow}, read from
 * its memo (a describe call, which needs no worker) and changed by Updates (which do). The registry
 * is started on the first change; if someone ended it by hand, the next change starts a new one
 * seeded with the keys the ended run's memo still holds. Blocking.
 */
@Component
public class ApiKeyRegistry {
  private static final Logger log = LoggerFactory.getLogger(ApiKeyRegistry.class);
  private static final Type ENTRIES =
      new com.fasterxml.jackson.core.type.TypeReference<List<ApiKeyEntry>>() {}.getType();

  private final WorkflowClient client;
  private final String taskQueue;

  public ApiKeyRegistry(TemporalApiClient temporal, WorkerSettings workerSettings) {
    this.client = temporal.workflows();
    this.taskQueue = workerSettings.taskQueue();
  }

  /** The registry's keys now; none while there is no registry. */
  public List<ApiKeyEntry> read() {
    WorkflowExecutionDescription description = describe();
    return description == null ? List.of() : keys(description);
  }

  /** Adds a key; 409 when the registry refuses it (a duplicate, or full). */
  public ApiKeyEntry add(ApiKeyEntry key) {
    ensureRunning();
    try {
      return stub().add(key);
    } catch (WorkflowUpdateException e) {
      throw Problems.conflict("the key registry refused the key: " + reason(e));
    }
  }

  /** Removes a key; 404 when the registry has none of that id. */
  public ApiKeyEntry revoke(String id) {
    ensureRunning();
    try {
      return stub().revoke(new Revocation(id));
    } catch (WorkflowUpdateException e) {
      throw Problems.notFound("API key", id);
    }
  }

  private ApiKeyRegistryWorkflow stub() {
    return client.newWorkflowStub(ApiKeyRegistryWorkflow.class, ApiKeyRegistryWorkflow.ID);
  }

  private void ensureRunning() {
    WorkflowExecutionDescription description = describe();
    if (description != null
        && description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return;
    }
    List<ApiKeyEntry> seed = description == null ? List.of() : keys(description);
    ApiKeyRegistryWorkflow registry =
        client.newWorkflowStub(
            ApiKeyRegistryWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ApiKeyRegistryWorkflow.ID)
                .setTaskQueue(taskQueue)
                // Another app instance may be starting it at the same moment: share that one.
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setMemo(Map.of(ApiKeyRegistryWorkflow.MEMO_KEYS, seed))
                .setStaticSummary("Taskforge API keys (hashes only)")
                .build());
    WorkflowClient.start(registry::run, new RegistryInput(seed, 0));
    log.info(
        "started the API key registry {} with {} key(s)", ApiKeyRegistryWorkflow.ID, seed.size());
  }

  private WorkflowExecutionDescription describe() {
    try {
      return client.newUntypedWorkflowStub(ApiKeyRegistryWorkflow.ID).describe();
    } catch (WorkflowNotFoundException e) {
      return null;
    } catch (WorkflowServiceException e) {
      if (e.getCause() instanceof StatusRuntimeException grpc
          && grpc.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private static List<ApiKeyEntry> keys(WorkflowExecutionDescription description) {
    List<ApiKeyEntry> keys =
        description.getMemo(ApiKeyRegistryWorkflow.MEMO_KEYS, List.class, ENTRIES);
    return keys == null ? List.of() : List.copyOf(keys);
  }

  private static String reason(WorkflowUpdateException e) {
    return e.getCause() instanceof ApplicationFailure application
        ? application.getOriginalMessage()
        : e.getMessage();
  }
}

package io.taskforge.workflows.apikey;

import io.taskforge.workflows.TenantIds;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The API keys created through the API, as one long-running workflow ({@link #ID}): Temporal is the
 * one store, so every app instance sees the same keys and they outlive restarts without a database
 * of our own. It holds only SHA-256 hashes. Changes are Updates (validated, and answered once
 * applied); the current keys are in its memo under {@link #MEMO_KEYS}, so the app reads them with a
 * describe call, which needs no worker. Keys from configuration are not here.
 */
@WorkflowInterface
public interface ApiKeyRegistryWorkflow {
  /** In Taskforge's own id space, which no tenant's id can reach (see {@link TenantIds}). */
  String ID = TenantIds.INTERNAL_PREFIX + "api-keys";

  /** The memo entry holding the current {@code List<ApiKeyEntry>}. */
  String MEMO_KEYS = "apiKeys";

  /** The registry keeps at most this many keys (its memo stays well under Temporal's limits). */
  int MAX_KEYS = 1000;

  /** Runs until continued as new, carrying the keys. */
  @WorkflowMethod
  void run(RegistryInput input);

  /**
   * Adds a key; refused (the Update fails, naming why) when its id or hash is already there, or the
   * registry is full.
   */
  @UpdateMethod
  ApiKeyEntry add(ApiKeyEntry key);

  @UpdateValidatorMethod(updateName = "add")
  void validateAdd(ApiKeyEntry key);

  /** Removes a key and answers it; refused when there is no key of that id. */
  @UpdateMethod
  ApiKeyEntry revoke(Revocation revocation);

  @UpdateValidatorMethod(updateName = "revoke")
  void validateRevoke(Revocation revocation);

  @QueryMethod
  List<ApiKeyEntry> keys();

  /**
   * The registry's carried state; empty for a new registry.
   *
   * @param historyLimit continue-as-new past this many history events (0: the default)
   */
  record RegistryInput(List<ApiKeyEntry> keys, int historyLimit) {
    public RegistryInput {
      keys = keys == null ? List.of() : List.copyOf(keys);
    }
  }

  record Revocation(String id) {}
}

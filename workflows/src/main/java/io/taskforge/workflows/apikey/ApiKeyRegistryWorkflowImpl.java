package io.taskforge.workflows.apikey;

import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps the key list and mirrors it into the memo on every change. Handlers are synchronous, so a
 * key is in the memo by the time its Update is answered. Continues as new before the history grows
 * long, carrying the keys in its input and its memo.
 */
public class ApiKeyRegistryWorkflowImpl implements ApiKeyRegistryWorkflow {
  /** Each change costs a handful of events, one of which holds the whole list. */
  static final int DEFAULT_HISTORY_LIMIT = 2_000;

  private final List<ApiKeyEntry> keys = new ArrayList<>();

  @Override
  public void run(RegistryInput input) {
    keys.addAll(input.keys());
    int limit = input.historyLimit() > 0 ? input.historyLimit() : DEFAULT_HISTORY_LIMIT;
    Workflow.await(() -> continueAsNewDue(limit));
    Workflow.await(Workflow::isEveryHandlerFinished);
    List<ApiKeyEntry> carried = List.copyOf(keys);
    // The memo goes along explicitly, so the new run is readable before its first task runs.
    Workflow.continueAsNew(
        ContinueAsNewOptions.newBuilder().setMemo(Map.of(MEMO_KEYS, carried)).build(),
        new RegistryInput(carried, input.historyLimit()));
  }

  private static boolean continueAsNewDue(int limit) {
    return Workflow.getInfo().isContinueAsNewSuggested()
        || Workflow.getInfo().getHistoryLength() > limit;
  }

  @Override
  public void validateAdd(ApiKeyEntry key) {
    for (ApiKeyEntry existing : keys) {
      if (existing.id().equals(key.id()) || existing.sha256().equals(key.sha256())) {
        throw new IllegalArgumentException("the registry already has this key");
      }
    }
    if (keys.size() >= MAX_KEYS) {
      throw new IllegalStateException(
          "the registry holds " + MAX_KEYS + " keys, its most; revoke some first");
    }
  }

  @Override
  public ApiKeyEntry add(ApiKeyEntry key) {
    keys.add(key);
    publish();
    return key;
  }

  @Override
  public void validateRevoke(Revocation revocation) {
    if (revocation == null || find(revocation.id()) == null) {
      throw new IllegalArgumentException(
          "no API key " + (revocation == null ? null : revocation.id()));
    }
  }

  @Override
  public ApiKeyEntry revoke(Revocation revocation) {
    ApiKeyEntry key = find(revocation.id());
    keys.remove(key);
    publish();
    return key;
  }

  @Override
  public List<ApiKeyEntry> keys() {
    return List.copyOf(keys);
  }

  private ApiKeyEntry find(String id) {
    return keys.stream().filter(k -> k.id().equals(id)).findFirst().orElse(null);
  }

  private void publish() {
    Workflow.upsertMemo(Map.of(MEMO_KEYS, List.copyOf(keys)));
  }
}

package io.taskforge.workflows.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskforge.workflows.apikey.ApiKeyRegistryWorkflow.RegistryInput;
import io.taskforge.workflows.apikey.ApiKeyRegistryWorkflow.Revocation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The key registry under Temporal's test server: Updates in, the memo and the query out. */
@Timeout(60)
class ApiKeyRegistryWorkflowTest {
  private static final String QUEUE = "api-keys";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(QUEUE).registerWorkflowImplementationTypes(ApiKeyRegistryWorkflowImpl.class);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void addedKey_isInTheMemoAndTheQuery() {
    ApiKeyRegistryWorkflow registry = start(0);

    registry.add(key("k1", "a"));

    assertThat(registry.keys()).extracting(ApiKeyEntry::id).containsExactly("k1");
    assertThat(memoKeys()).extracting(ApiKeyEntry::id).containsExactly("k1");
    assertThat(memoKeys().getFirst()).isEqualTo(key("k1", "a"));
  }

  @Test
  void keyWithAKnownIdOrHash_isRefusedAndNotAdded() {
    ApiKeyRegistryWorkflow registry = start(0);
    registry.add(key("k1", "a"));

    WorkflowUpdateException sameHash =
        catchThrowableOfType(WorkflowUpdateException.class, () -> registry.add(key("k2", "a")));
    WorkflowUpdateException sameId =
        catchThrowableOfType(WorkflowUpdateException.class, () -> registry.add(key("k1", "b")));

    assertThat(reason(sameHash)).isEqualTo("the registry already has this key");
    assertThat(reason(sameId)).isEqualTo("the registry already has this key");
    assertThat(registry.keys()).extracting(ApiKeyEntry::id).containsExactly("k1");
  }

  @Test
  void revokedKey_leavesTheMemo_andAnUnknownIdIsRefused() {
    ApiKeyRegistryWorkflow registry = start(0);
    registry.add(key("k1", "a"));
    registry.add(key("k2", "b"));

    ApiKeyEntry revoked = registry.revoke(new Revocation("k1"));
    WorkflowUpdateException unknown =
        catchThrowableOfType(
            WorkflowUpdateException.class, () -> registry.revoke(new Revocation("k1")));

    assertThat(revoked.id()).isEqualTo("k1");
    assertThat(memoKeys()).extracting(ApiKeyEntry::id).containsExactly("k2");
    assertThat(reason(unknown)).isEqualTo("no API key k1");
  }

  @Test
  void continueAsNew_carriesTheKeysInInputAndMemo() {
    ApiKeyRegistryWorkflow registry = start(40);
    String firstRun = describe().getExecution().getRunId();

    for (int i = 0; i < 12; i++) {
      registry.add(key("k" + i, Integer.toHexString(i)));
    }

    // A stub without a run id follows the chain to the latest run.
    ApiKeyRegistryWorkflow latest =
        client.newWorkflowStub(ApiKeyRegistryWorkflow.class, ApiKeyRegistryWorkflow.ID);
    assertThat(describe().getExecution().getRunId()).isNotEqualTo(firstRun);
    assertThat(latest.keys()).hasSize(12);
    assertThat(memoKeys()).hasSize(12);
    latest.add(key("after", "ff"));
    assertThat(memoKeys()).hasSize(13);
  }

  private ApiKeyRegistryWorkflow start(int historyLimit) {
    ApiKeyRegistryWorkflow registry =
        client.newWorkflowStub(
            ApiKeyRegistryWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ApiKeyRegistryWorkflow.ID)
                .setTaskQueue(QUEUE)
                .build());
    WorkflowClient.start(registry::run, new RegistryInput(List.of(), historyLimit));
    return registry;
  }

  private WorkflowExecutionDescription describe() {
    return client.newUntypedWorkflowStub(ApiKeyRegistryWorkflow.ID).describe();
  }

  @SuppressWarnings("unchecked")
  private List<ApiKeyEntry> memoKeys() {
    List<ApiKeyEntry> keys =
        describe()
            .getMemo(
                ApiKeyRegistryWorkflow.MEMO_KEYS,
                List.class,
                new com.fasterxml.jackson.core.type.TypeReference<
                    List<ApiKeyEntry>>() {}.getType());
    return keys == null ? List.of() : keys;
  }

  /** Why the validator refused an Update. */
  private static String reason(WorkflowUpdateException e) {
    return ((ApplicationFailure) e.getCause()).getOriginalMessage();
  }

  /** A key whose hash is {@code hashDigits} padded to 64 hex digits. */
  static ApiKeyEntry key(String id, String hashDigits) {
    String hash = "0".repeat(64 - hashDigits.length()) + hashDigits;
    return new ApiKeyEntry(
        id, "test key", "acme", hash, false, Instant.parse("2026-01-01T00:00:00Z"), "tf_ab");
  }
}

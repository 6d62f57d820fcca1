package io.taskforge.app.config;

import io.taskforge.workflows.TaskSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Registers Taskforge's search attributes with the namespace, adding only the missing ones, so it
 * is safe on every start. {@code temporal server start-dev --search-attribute} only applies to a
 * new database; this covers existing ones and real clusters. Runs before the worker starts; if the
 * server is not reachable yet, it keeps trying in the background.
 */
@Component
public class SearchAttributeRegistrar extends StartupTask {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistrar.class);

  private final WorkflowClient client;
  private volatile boolean registered;

  public SearchAttributeRegistrar(WorkflowClient client) {
    super("search-attribute-registrar");
    this.client = client;
  }

  public boolean isRegistered() {
    return registered;
  }

  @Override
  protected boolean tryOnce() {
    String namespace = client.getOptions().getNamespace();
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(client.getWorkflowServiceStubs().getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      ListSearchAttributesResponse existing =
          operator
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
      AddSearchAttributesRequest.Builder missing =
          AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
      for (SearchAttributeKey<String> key : TaskSearchAttributes.ALL) {
        if (!existing.getCustomAttributesMap().containsKey(key.getName())) {
          missing.putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
      }
      if (missing.getSearchAttributesCount() > 0) {
        operator
            .blockingStub()
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .addSearchAttributes(missing.build());
        log.info(
            "registered search attributes {} in namespace {}",
            missing.getSearchAttributesMap().keySet(),
            namespace);
      }
      registered = true;
      return true;
    } catch (RuntimeException e) {
      log.warn(
          "could not register search attributes yet (retrying every {}s): {}",
          RETRY_EVERY.toSeconds(),
          e.toString());
      return false;
    } finally {
      operator.shutdown();
    }
  }

  /** Before the worker (default phase), so workflows never upsert unknown attributes. */
  @Override
  public int getPhase() {
    return DEFAULT_PHASE - 100;
  }
}

package io.taskforge.app.config;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The Temporal client the REST API uses. Same connection as the workers' (target, TLS, API key,
 * metrics), but its calls give up within {@code taskforge.api.temporal-timeout}: when Temporal is
 * down the API answers 503 promptly, and a request it answered 503 is not still being retried
 * behind the client's back. Workers keep the SDK's patient defaults. The schedule client shares
 * these stubs, so schedule calls give up just as promptly.
 */
@Component
public class TemporalApiClient implements DisposableBean {
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final ScheduleClient schedules;

  public TemporalApiClient(WorkflowClient workerClient, ApiSettings settings) {
    WorkflowServiceStubsOptions shared = workerClient.getWorkflowServiceStubs().getOptions();
    this.stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder(shared)
                .setRpcTimeout(settings.temporalTimeout())
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder()
                        .setExpiration(settings.temporalTimeout())
                        .validateBuildWithDefaults())
                .build());
    WorkflowClientOptions options = workerClient.getOptions();
    this.client = WorkflowClient.newInstance(stubs, options);
    this.schedules =
        ScheduleClient.newInstance(
            stubs,
            ScheduleClientOptions.newBuilder()
                .setNamespace(options.getNamespace())
                .setDataConverter(options.getDataConverter())
                .setIdentity(options.getIdentity())
                .setContextPropagators(options.getContextPropagators())
                .build());
  }

  public WorkflowClient workflows() {
    return client;
  }

  public ScheduleClient schedules() {
    return schedules;
  }

  @Override
  public void destroy() {
    stubs.shutdown();
  }
}

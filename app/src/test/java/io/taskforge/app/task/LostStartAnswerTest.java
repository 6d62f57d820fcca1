package io.taskforge.app.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.activities.webhook.WebhookSettings;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.metrics.SubmissionMetrics;
import io.taskforge.app.support.SliceEgress;
import io.taskforge.app.taskgroup.GroupFixtures;
import io.taskforge.app.tasktype.TaskTypeRegistry;
import io.taskforge.app.tenant.OpenTaskLimit;
import io.taskforge.app.tenant.TenantSettings;
import io.taskforge.app.web.Starts;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowServiceException;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.util.unit.DataSize;

/**
 * A submission whose start Temporal carried out but whose answer was lost answers with the task
 * (202), never 503; one whose start never reached Temporal still answers 503 and leaves nothing.
 */
class LostStartAnswerTest {
  @TempDir Path artifactDir;

  private TestWorkflowEnvironment env;
  private WorkflowServiceStubs stubs;
  private final StartAnswers answers = new StartAnswers();
  private TaskService service;
  private TaskRequestValidator validator;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    for (SearchAttributeKey<String> key : TaskSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    // The API's client, as TemporalApiClient makes it: quick to give up, here on a link that loses
    // the answers to StartWorkflowExecution when told to.
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder(env.getWorkflowServiceStubs().getOptions())
                .setGrpcClientInterceptors(List.of(answers))
                .setRpcTimeout(Duration.ofSeconds(1))
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder()
                        .setExpiration(Duration.ofSeconds(1))
                        .validateBuildWithDefaults())
                .build());
    WorkflowClient client = WorkflowClient.newInstance(stubs, env.getWorkflowClient().getOptions());
    TemporalApiClient temporal = mock(TemporalApiClient.class);
    when(temporal.workflows()).thenReturn(client);
    TaskTypeRegistry registry =
        new TaskTypeRegistry(
            List.of(GroupFixtures.handler(GroupFixtures.echo())),
            new StaticListableBeanFactory().getBeanProvider(TaskTypeDefinition.class));
    WorkerSettings workers = new WorkerSettings(true, "taskforge", 16, 50);
    TenantSettings noLimits = new TenantSettings(new TenantSettings.Limits(0, 0, 0, 0), Map.of());
    service =
        new TaskService(
            temporal,
            new TaskReader(temporal),
            registry,
            new ArtifactStore(artifactDir),
            new OpenTaskLimit(
                temporal,
                noLimits,
                new ApiSettings(
                    Duration.ofSeconds(1), DataSize.ofMegabytes(1), Duration.ofSeconds(5))),
            workers,
            new SubmissionMetrics(new SimpleMeterRegistry()));
    validator =
        new TaskRequestValidator(
            registry, workers, WebhookSettings.withSecret(""), SliceEgress.submittedUrls());
  }

  @AfterEach
  void tearDown() {
    stubs.shutdownNow();
    env.close();
  }

  @Test
  void startCarriedOutButItsAnswerLost_answersWithTheCreatedTask() {
    answers.lose = Lose.ANSWER;

    TaskService.Submitted submitted = service.submit("default", echo("t-lost"), null, "hash");

    assertThat(answers.startsSent).isPositive();
    assertThat(submitted.created()).isTrue();
    assertThat(submitted.task().id()).isEqualTo("t-lost");
    assertThat(submitted.task().type()).isEqualTo("echo");
    assertThat(submitted.task().params()).containsEntry("text", "hi");
    // and it really is there, once: the same run Temporal holds
    assertThat(
            env.getWorkflowClient()
                .newUntypedWorkflowStub("t-lost")
                .describe()
                .getMemo(Starts.MEMO_SUBMISSION_ID, String.class))
        .isNotNull();
  }

  @Test
  void startsAnswerLost_andTheFirstConfirmingDescribeToo_aLaterDescribeFindsTheTask() {
    answers.lose = Lose.ANSWER;
    answers.describesToFail = 1;

    TaskService.Submitted submitted = service.submit("default", echo("t-slow"), null, "hash");

    assertThat(answers.describesFailed).isEqualTo(1);
    assertThat(submitted.created()).isTrue();
    assertThat(submitted.task().id()).isEqualTo("t-slow");
  }

  @Test
  void startThatNeverReachedTemporal_staysUnavailable_andNothingExists() {
    answers.lose = Lose.REQUEST;

    assertThatThrownBy(() -> service.submit("default", echo("t-never"), null, "hash"))
        .isInstanceOf(WorkflowServiceException.class)
        .hasRootCauseMessage("UNAVAILABLE: link down");
    assertThat(answers.startsSent).isZero();
    answers.lose = Lose.NOTHING;
    assertThatThrownBy(() -> env.getWorkflowClient().newUntypedWorkflowStub("t-never").describe())
        .isInstanceOf(io.temporal.client.WorkflowNotFoundException.class);
  }

  @Test
  void answeredStart_isUnchanged() {
    answers.lose = Lose.NOTHING;
    TaskService.Submitted submitted = service.submit("default", echo("t-ok"), null, "hash");
    assertThat(submitted.created()).isTrue();
    assertThat(submitted.task().id()).isEqualTo("t-ok");
  }

  private TaskRequestValidator.ValidTask echo(String id) {
    return validator.validate(
        new SubmitTaskRequest(
            id,
            "echo",
            null,
            null,
            null,
            Map.of("text", "hi"),
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        "default");
  }

  enum Lose {
    NOTHING,
    /** The start never reaches Temporal. */
    REQUEST,
    /** Temporal carries the start out; its answer never comes back. */
    ANSWER
  }

  /** A link to Temporal that loses the requests or the answers of StartWorkflowExecution. */
  static final class StartAnswers implements ClientInterceptor {
    volatile Lose lose = Lose.NOTHING;
    volatile int startsSent;

    /** How many DescribeWorkflowExecution calls to fail (UNAVAILABLE) before letting them by. */
    volatile int describesToFail;

    volatile int describesFailed;

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(
        MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      if ("DescribeWorkflowExecution".equals(method.getBareMethodName()) && describesToFail > 0) {
        describesToFail--;
        describesFailed++;
        return linkDown();
      }
      if (lose == Lose.NOTHING || !"StartWorkflowExecution".equals(method.getBareMethodName())) {
        return next.newCall(method, options);
      }
      if (lose == Lose.REQUEST) {
        return linkDown();
      }
      return lostAnswer(next.newCall(method, options));
    }

    /** A call that fails at once, as on a link that is down. */
    private static <Q, A> ClientCall<Q, A> linkDown() {
      return new ClientCall<>() {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          listener.onClose(Status.UNAVAILABLE.withDescription("link down"), new Metadata());
        }

        @Override
        public void request(int numMessages) {}

        @Override
        public void cancel(String message, Throwable cause) {}

        @Override
        public void halfClose() {}

        @Override
        public void sendMessage(Q message) {}
      };
    }

    private <Q, A> ClientCall<Q, A> lostAnswer(ClientCall<Q, A> call) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          startsSent++;
          super.start(
              new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onMessage(A message) {} // the answer is lost on the way back

                @Override
                public void onClose(Status status, Metadata trailers) {
                  super.onClose(
                      status.isOk() ? Status.UNAVAILABLE.withDescription("link down") : status,
                      trailers);
                }
              },
              headers);
        }
      };
    }
  }
}

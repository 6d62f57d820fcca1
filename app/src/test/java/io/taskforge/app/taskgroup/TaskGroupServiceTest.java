package io.taskforge.app.taskgroup;

import static io.taskforge.app.taskgroup.GroupFixtures.echo;
import static io.taskforge.app.taskgroup.GroupFixtures.group;
import static io.taskforge.app.taskgroup.GroupFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.metrics.SubmissionMetrics;
import io.taskforge.app.tenant.OpenTaskLimit;
import io.taskforge.app.tenant.TenantSettings;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.expansion.ExpansionWorkflowImpl;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.task.TaskWorkflowImpl;
import io.taskforge.workflows.taskgroup.TaskGroupWorkflowImpl;
import io.temporal.activity.DynamicActivity;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/**
 * The service and reader against Temporal's in-memory test server running the real group workflow:
 * what a group reads as once it has ended, and the refusals that need its state.
 */
@Timeout(60)
class TaskGroupServiceTest {
  private static final String TENANT = "default";

  @RegisterExtension static final TestWorkflowExtension testWorkflow = extension();

  @TempDir Path artifactDir;
  private WorkflowClient client;
  private TaskGroupService service;
  private TaskGroupRequestMapper mapper;

  static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(
                TaskGroupWorkflowImpl.class, TaskWorkflowImpl.class, ExpansionWorkflowImpl.class)
            .setUseTimeskipping(true)
            .setDoNotStart(true);
    for (SearchAttributeKey<String> key : TaskSearchAttributes.ALL) {
      builder.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return builder.build();
  }

  /** Every task type echoes its params, except that text "fail" fails for good. */
  static final class EchoActivities implements DynamicActivity {
    @Override
    public Object execute(EncodedValues args) {
      TaskActivityInput input = args.get(0, TaskActivityInput.class);
      if ("fail".equals(input.params().get("text"))) {
        throw ApplicationFailure.newNonRetryableFailure("disk full", "Boom");
      }
      return TaskOutput.of(new LinkedHashMap<>(input.params()));
    }
  }

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(new EchoActivities());
    env.start();
    client = env.getWorkflowClient();
    TemporalApiClient temporal = mock(TemporalApiClient.class);
    when(temporal.workflows()).thenReturn(client);
    String queue = worker.getTaskQueue();
    // The test server has no visibility counts, so no open-task cap here (the ITs cover it).
    TenantSettings tenants =
        new TenantSettings(
            new TenantSettings.Limits(0, 0, 0, 0),
            Map.of("small", new TenantSettings.LimitOverride(null, null, null, 2L)));
    service =
        new TaskGroupService(
            temporal,
            new TaskGroupReader(temporal),
            new ArtifactStore(artifactDir),
            tenants,
            new OpenTaskLimit(
                temporal,
                tenants,
                new ApiSettings(
                    Duration.ofSeconds(5), DataSize.ofMegabytes(1), Duration.ofSeconds(5))),
            GroupFixtures.workerSettings(queue),
            new SubmissionMetrics(new SimpleMeterRegistry()));
    mapper = GroupFixtures.mapper(queue);
  }

  @Test
  void completedGroup_readsFromItsResult_withOutputsLinksAndContext() {
    TaskGroupView submitted =
        submit("g-ok", group(echo("a", "hello"), echo("b", "{{tasks.a.output.text}}!", "a")));
    assertThat(submitted.status()).isEqualTo("PENDING");
    awaitEnd("g-ok");

    TaskGroupView group = service.get(TENANT, "g-ok");

    assertThat(group.status()).isEqualTo("COMPLETED");
    assertThat(group.name()).isEqualTo("g");
    assertThat(group.tasks())
        .extracting(t -> t.name(), t -> t.status(), t -> t.taskUrl())
        .containsExactly(
            tuple("a", "COMPLETED", "/api/v1/tasks/g-ok.a"),
            tuple("b", "COMPLETED", "/api/v1/tasks/g-ok.b"));
    assertThat(group.tasks().get(1).output()).isEqualTo(Map.of("text", "hello!", "times", 1));
    assertThat(group.context()).containsKeys("a", "b");
    assertThat(group.tasks().get(1).dependsOn())
        .containsExactly(new TaskGroupView.DependencyView("a", "COMPLETED"));
    assertThat(group.temporal().executionStatus()).isEqualTo("COMPLETED");
  }

  @Test
  void failedGroup_readsFromItsFailureDetails_keepingWhatCompleted() {
    submit("g-fail", group(echo("a", "hello"), echo("b", "fail", "a"), echo("c", "after", "b")));
    awaitEnd("g-fail");

    TaskGroupView group = service.get(TENANT, "g-fail");

    assertThat(group.status()).isEqualTo("FAILED");
    assertThat(group.reason()).contains("'b' failed");
    assertThat(group.tasks())
        .extracting(t -> t.name(), t -> t.status())
        .containsExactly(tuple("a", "COMPLETED"), tuple("b", "FAILED"), tuple("c", "SKIPPED"));
    assertThat(group.tasks().get(0).output()).isEqualTo(Map.of("text", "hello", "times", 1));
    assertThat(group.tasks().get(1).failure().message()).contains("disk full");
    assertThat(group.tasks().get(2).skipReason()).contains("'b'");
  }

  @Test
  void retryFailedOfATaskThatDoesNotExpand_is422_andOfAnUnknownTask404() {
    submit("g-plain", group(echo("a", "fail")));
    awaitEnd("g-plain");

    assertThat(status(() -> service.retryFailed(TENANT, "g-plain", "a"))).isEqualTo(422);
    assertThat(status(() -> service.retryFailed(TENANT, "g-plain", "zzz"))).isEqualTo(404);
  }

  @Test
  void cancellingAClosedGroup_is409_andAnUnknownOrNonGroupId404() {
    submit("g-done", group(echo("a", "x")));
    awaitEnd("g-done");

    assertThat(status(() -> service.cancel(TENANT, "g-done"))).isEqualTo(409);
    assertThat(status(() -> service.get(TENANT, "nope"))).isEqualTo(404);
    assertThat(status(() -> service.get(TENANT, "g-done.a"))).isEqualTo(404); // a task, not a group
  }

  @Test
  void sameIdempotencyKeyAndRequest_findsTheFirstGroup_aDifferentRequestIs409() {
    SubmitTaskGroupRequest request = group(task("a", "echo", Map.of("text", "x")));
    TaskGroupService.Submitted first =
        service.submit(TENANT, mapper.map(request, TENANT), "key-1", "hash-1");
    TaskGroupService.Submitted again =
        service.submit(TENANT, mapper.map(request, TENANT), "key-1", "hash-1");

    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.group().id()).isEqualTo(first.group().id()).startsWith("group-");
    assertThat(status(() -> service.submit(TENANT, mapper.map(request, TENANT), "key-1", "hash-2")))
        .isEqualTo(409);
  }

  @Test
  void anotherTenantsGroup_is404LikeAnUnknownOne_forReadCancelAndRetry() {
    submit("g-mine", group(echo("a", "x")));
    awaitEnd("g-mine");

    assertThat(status(() -> service.get("acme", "g-mine"))).isEqualTo(404);
    assertThat(status(() -> service.cancel("acme", "g-mine"))).isEqualTo(404);
    assertThat(status(() -> service.retryFailed("acme", "g-mine", "a"))).isEqualTo(404);
    assertThat(service.get(TENANT, "g-mine").status()).isEqualTo("COMPLETED");
  }

  @Test
  void sameIdempotencyKeyFromTwoTenants_makesTwoGroups() {
    SubmitTaskGroupRequest request = group(task("a", "echo", Map.of("text", "x")));
    String mine =
        service.submit(TENANT, mapper.map(request, TENANT), "shared", "hash").group().id();
    String theirs =
        service.submit("acme", mapper.map(request, "acme"), "shared", "hash").group().id();

    assertThat(theirs).isNotEqualTo(mine);
  }

  @Test
  void literalExpansionOverTheTenantsLimit_is422NamingTheTask_andStartsNothing() {
    SubmitTaskGroupRequest request =
        new SubmitTaskGroupRequest(
            "g-big",
            "g",
            null,
            null,
            List.of(
                new GroupTaskRequest(
                    "each",
                    "echo",
                    null,
                    Map.of("text", "{{item}}"),
                    null,
                    null,
                    null,
                    null,
                    new GroupTaskRequest.Expand(
                        "array",
                        List.of("x", "y", "z"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null))),
            null,
            null,
            null,
            null,
            null);

    ErrorResponseException refused =
        catchThrowableOfType(
            ErrorResponseException.class,
            () -> service.submit("small", mapper.map(request, "small"), null, "hash"));

    assertThat(refused.getStatusCode().value()).isEqualTo(422);
    assertThat(refused.getBody().getProperties().get("errors").toString())
        .contains("tasks[0].expand", "3 items", "at most 2");
    assertThat(status(() -> service.get("small", "g-big"))).isEqualTo(404);
    assertThat(service.submit(TENANT, mapper.map(request, TENANT), null, "hash").created())
        .isTrue();
  }

  private TaskGroupView submit(String id, SubmitTaskGroupRequest request) {
    SubmitTaskGroupRequest withId =
        new SubmitTaskGroupRequest(
            id, request.name(), null, null, request.tasks(), null, null, null, null, null);
    return service.submit(TENANT, mapper.map(withId, TENANT), null, "hash").group();
  }

  private void awaitEnd(String id) {
    try {
      client.newUntypedWorkflowStub(id).getResult(Object.class);
    } catch (WorkflowException e) {
      // failed or cancelled: read through the API
    }
  }

  private static int status(Runnable call) {
    ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class, call::run);
    assertThat(e).as("expected a problem response").isNotNull();
    return e.getStatusCode().value();
  }
}

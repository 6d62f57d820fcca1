package io.taskforge.activities.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.taskforge.activities.TaskContext;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.task.ArtifactRef;
import io.taskforge.workflows.task.TaskActivityInput;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

class SystemMaintenanceHandlerTest {
  private static final Instant CUTOFF = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path artifacts;

  @Test
  void query_ofATenant_selectsOnlyItsClosedTasks() {
    assertThat(SystemMaintenanceHandler.query(CUTOFF, null, "acme"))
        .isEqualTo(
            "WorkflowType = 'TaskWorkflow' AND ExecutionStatus != 'Running'"
                + " AND CloseTime < '2026-03-01T00:00:00Z' AND Tenant = 'acme'");
    assertThat(SystemMaintenanceHandler.query(CUTOFF, "sleep", "default"))
        .endsWith(" AND TaskType = 'sleep' AND (Tenant = 'default' OR Tenant IS NULL)");
    assertThat(SystemMaintenanceHandler.query(CUTOFF, null, null)).doesNotContain("Tenant");
  }

  @Test
  void aTenantsRun_asksForItsOwnTasks_andSkipsAnyOutsideItsIdSpace() {
    WorkflowClient client = mock(WorkflowClient.class);
    when(client.listExecutions(anyString()))
        .thenAnswer(i -> Stream.of(closed("acme/old-1"), closed("acme/old-2"), closed("old-3")));
    SystemMaintenanceHandler handler =
        new SystemMaintenanceHandler(client, new ArtifactStore(artifacts));

    Map<String, Object> result = handler.handle(dryRun("acme/maint"), context("acme/maint")).data();

    ArgumentCaptor<String> query = ArgumentCaptor.forClass(String.class);
    verify(client).listExecutions(query.capture());
    assertThat(query.getValue()).endsWith(" AND Tenant = 'acme'");
    assertThat(result).containsEntry("wouldDelete", 2).containsEntry("tenant", "acme");
  }

  @Test
  void aRunInTheInternalSpace_coversEveryTenant() {
    WorkflowClient client = mock(WorkflowClient.class);
    when(client.listExecutions(anyString()))
        .thenAnswer(
            i -> Stream.of(closed("acme/old-1"), closed("old-3"), closed("_taskforge/cleanup-1")));
    SystemMaintenanceHandler handler =
        new SystemMaintenanceHandler(client, new ArtifactStore(artifacts));

    Map<String, Object> result =
        handler.handle(dryRun("_taskforge/cleanup-2"), context("_taskforge/cleanup-2")).data();

    ArgumentCaptor<String> query = ArgumentCaptor.forClass(String.class);
    verify(client).listExecutions(query.capture());
    assertThat(query.getValue()).doesNotContain("Tenant");
    assertThat(result).containsEntry("wouldDelete", 3).containsEntry("tenant", "*");
  }

  private static TaskActivityInput dryRun(String taskId) {
    return new TaskActivityInput(
        taskId,
        SystemMaintenanceHandler.TYPE,
        Map.of("olderThan", "7d", "limit", 100, "dryRun", true));
  }

  private static WorkflowExecutionMetadata closed(String workflowId) {
    return new WorkflowExecutionMetadata(
        WorkflowExecutionInfo.newBuilder()
            .setExecution(
                WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId("run-1"))
            .build(),
        DefaultDataConverter.STANDARD_INSTANCE);
  }

  private static TaskContext context(String taskId) {
    return new TaskContext() {
      @Override
      public String taskId() {
        return taskId;
      }

      @Override
      public int attempt() {
        return 1;
      }

      @Override
      public void progress(double percent, String message) {}

      @Override
      public boolean isCancelled() {
        return false;
      }

      @Override
      public ArtifactRef writeArtifact(String name, String contentType, ArtifactStore.Writer w) {
        throw new UnsupportedOperationException();
      }
    };
  }
}

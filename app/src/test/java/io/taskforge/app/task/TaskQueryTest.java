package io.taskforge.app.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.task.TaskStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskQueryTest {
  @Test
  void allFilters_combineIntoOneVisibilityQuery() {
    TaskQuery query =
        new TaskQuery(
            TaskStatus.RUNNING,
            "sleep",
            TaskPriority.HIGH,
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-02-01T00:00:00Z"),
            "group-1");

    assertThat(query.toVisibilityQuery())
        .isEqualTo(
            "WorkflowType = 'TaskWorkflow' AND ExecutionStatus = 'Running' AND TaskStatus ="
                + " 'RUNNING' AND TaskType = 'sleep' AND TaskPriority = 'HIGH' AND StartTime >="
                + " '2026-01-01T00:00:00Z' AND StartTime < '2026-02-01T00:00:00Z' AND TaskGroupId"
                + " = 'group-1'");
  }

  @Test
  void groupId_selectsTheTasksOfOneGroup() {
    TaskQuery query = new TaskQuery(null, null, null, null, null, "nightly.report");

    assertThat(query.toVisibilityQuery())
        .isEqualTo("WorkflowType = 'TaskWorkflow' AND TaskGroupId = 'nightly.report'");
  }

  @Test
  void quotesInValues_areEscaped() {
    assertThat(TaskQuery.all().withType("a' OR 'x").toVisibilityQuery())
        .endsWith("TaskType = 'a\\' OR \\'x'");
  }

  @Test
  void cancelledAndFailed_includeWhatTheWorkflowCouldNotRecord() {
    assertThat(TaskStatuses.query(TaskStatus.CANCELLED)).contains("'Terminated'");
    assertThat(TaskStatuses.query(TaskStatus.FAILED)).contains("'TimedOut'");
  }

  @Test
  void closedExecutionStatus_winsOverAStaleAttribute() {
    assertThat(
            TaskStatuses.of(
                WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED, "RUNNING"))
        .isEqualTo(TaskStatus.CANCELLED);
    assertThat(
            TaskStatuses.of(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, "RUNNING"))
        .isEqualTo(TaskStatus.FAILED);
    assertThat(
            TaskStatuses.of(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING, "SCHEDULED"))
        .isEqualTo(TaskStatus.SCHEDULED);
    assertThat(
            TaskStatuses.of(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED, "SKIPPED"))
        .isEqualTo(TaskStatus.SKIPPED);
  }

  @Test
  void idempotencyKey_derivesAStableTaskId() {
    assertThat(TaskService.taskId(null, "order-42", "default"))
        .isEqualTo(TaskService.taskId(null, "order-42", "default"));
    assertThat(TaskService.taskId(null, "order-42", "default"))
        .isNotEqualTo(TaskService.taskId(null, "order-43", "default"));
    assertThat(TaskService.taskId("mine", "order-42", "default")).isEqualTo("mine");
  }

  @Test
  void idempotencyKey_ofAnotherTenant_derivesAnotherId_andTheDefaultTenantsIdsStayAsTheyWere() {
    assertThat(TaskService.taskId(null, "order-42", "acme"))
        .isNotEqualTo(TaskService.taskId(null, "order-42", "default"));
    // As before tenants existed, so a retry across the upgrade still finds its task.
    assertThat(TaskService.taskId(null, "order-42", "default"))
        .isEqualTo("task-" + java.util.UUID.nameUUIDFromBytes("idempotency:order-42".getBytes()));
  }
}

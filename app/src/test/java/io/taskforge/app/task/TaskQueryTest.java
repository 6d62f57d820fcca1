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
    assertThat(TaskService.taskId(null, "order-42"))
        .isEqualTo(TaskService.taskId(null, "order-42"));
    assertThat(TaskService.taskId(null, "order-42"))
        .isNotEqualTo(TaskService.taskId(null, "order-43"));
    assertThat(TaskService.taskId("mine", "order-42")).isEqualTo("mine");
  }
}

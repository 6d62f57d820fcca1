package io.taskforge.workflows.task;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One task, one workflow: the workflow id is the task id. */
@WorkflowInterface
public interface TaskWorkflow {
  @WorkflowMethod
  TaskResult run(TaskInput input);

  /** Starts a task that was submitted with manual start (or before its start time). */
  @SignalMethod
  void execute();

  /** A worker has started an attempt of this task's activity. */
  @SignalMethod
  void activityStarted(ActivityStarted started);

  @QueryMethod
  TaskState state();
}

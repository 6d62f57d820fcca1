package io.taskforge.workflows.task;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One task, one workflow: the workflow id is the task id. */
@WorkflowInterface
public interface TaskWorkflow {
  /** Signal names, as other workflows send them through untyped external stubs. */
  String REGISTER_DEPENDENT = "registerDependent";

  String DEPENDENCY_CLOSED = "dependencyClosed";

  @WorkflowMethod
  TaskResult run(TaskInput input);

  /** Starts a task that was submitted with manual start (or before its start time). */
  @SignalMethod
  void execute();

  /** A worker has started an attempt of this task's activity. */
  @SignalMethod
  void activityStarted(ActivityStarted started);

  /** A task waits for this one: signal it {@link #dependencyClosed} when this task closes. */
  @SignalMethod(name = REGISTER_DEPENDENT)
  void registerDependent(DependentRegistration registration);

  /** A task this one waits for has closed. */
  @SignalMethod(name = DEPENDENCY_CLOSED)
  void dependencyClosed(DependencyClosed closed);

  @QueryMethod
  TaskState state();
}

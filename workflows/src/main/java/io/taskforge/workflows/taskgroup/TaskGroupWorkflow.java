package io.taskforge.workflows.taskgroup;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A task group: a DAG of tasks run as child workflows. The workflow id is the group id. */
@WorkflowInterface
public interface TaskGroupWorkflow {
  @WorkflowMethod
  TaskGroupState run(TaskGroupInput input);

  @QueryMethod
  TaskGroupState state();
}

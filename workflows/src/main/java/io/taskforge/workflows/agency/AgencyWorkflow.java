package io.taskforge.workflows.agency;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * An agency: several task groups around one shared context, each a child TaskGroupWorkflow. The
 * workflow id is the agency id.
 */
@WorkflowInterface
public interface AgencyWorkflow {
  @WorkflowMethod
  AgencyState run(AgencyInput input);

  @QueryMethod
  AgencyState state();

  /** Adds keys to the context; the answer says which were added and which conflicted. */
  @UpdateMethod
  ContextMerge addContext(ContextAddition addition);

  @UpdateValidatorMethod(updateName = "addContext")
  void validateAddContext(ContextAddition addition);

  /** Adds a group; it starts as soon as what it waits for is there. */
  @UpdateMethod
  AgencyGroupState addGroup(AgencyGroupSpec group);

  @UpdateValidatorMethod(updateName = "addGroup")
  void validateAddGroup(AgencyGroupSpec group);

  /** No more groups: the agency ends once every group has ended (for a keepOpen agency). */
  @SignalMethod
  void close();
}

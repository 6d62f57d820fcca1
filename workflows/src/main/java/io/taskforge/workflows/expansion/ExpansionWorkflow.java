package io.taskforge.workflows.expansion;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * An expanded task, or a subtree of one. The root prepares the items into the artifact store; a
 * node with more items than a leaf takes splits them among child expansion workflows; a leaf runs
 * its items in batches of activities. So no workflow ever holds more than a bounded number of
 * children, activities or history events, whatever the number of items.
 */
@WorkflowInterface
public interface ExpansionWorkflow {
  @WorkflowMethod
  ExpansionResult run(ExpansionInput input);
}

package io.taskforge.activities;

import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;

/**
 * A task type's work. Adding a task type is one Spring bean implementing this interface: the worker
 * runs it for activities named after {@link TaskTypeDefinition#name()}, and the API lists the
 * definition and validates requests against it.
 *
 * <p>Throw an {@code ApplicationFailure} to choose the failure's type and whether it is retried;
 * any other exception fails the attempt and is retried by the task's retry policy.
 */
public interface TaskHandler {
  TaskTypeDefinition definition();

  TaskOutput handle(TaskActivityInput input, TaskContext context) throws Exception;
}

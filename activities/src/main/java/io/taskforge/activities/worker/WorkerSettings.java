package io.taskforge.activities.worker;

import io.taskforge.workflows.TaskQueues;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker that runs workflows and CPU activities ({@code taskforge.worker.*}).
 *
 * @param enabled run a worker in this process (the app does by default)
 * @param taskQueue the queue it polls for workflows and CPU activities
 * @param maxConcurrentActivities CPU activities run at once, at most
 * @param maxConcurrentWorkflowTasks workflow tasks run at once, at most
 */
@ConfigurationProperties("taskforge.worker")
public record WorkerSettings(
    @DefaultValue("true") boolean enabled,
    @DefaultValue(TaskQueues.DEFAULT) String taskQueue,
    @DefaultValue("16") int maxConcurrentActivities,
    @DefaultValue("50") int maxConcurrentWorkflowTasks) {}

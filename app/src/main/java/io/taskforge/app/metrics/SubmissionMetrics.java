package io.taskforge.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * What the API starts: {@code taskforge.tasks.submitted} (standalone tasks, by type and priority)
 * and {@code taskforge.groups.submitted} (task groups, by priority), each counted once Temporal has
 * accepted the start, so refused requests and idempotent repeats are not counted. How tasks end is
 * counted by the task workflow ({@code taskforge.tasks.completed} and the like), which also sees
 * the tasks that groups and agencies start.
 */
@Component
public class SubmissionMetrics {
  public static final String TASKS_SUBMITTED = "taskforge.tasks.submitted";
  public static final String GROUPS_SUBMITTED = "taskforge.groups.submitted";

  private final MeterRegistry registry;

  public SubmissionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void taskSubmitted(String type, String priority) {
    Counter.builder(TASKS_SUBMITTED)
        .description("Tasks submitted through the API and started")
        .tag("type", type)
        .tag("priority", priority)
        .register(registry)
        .increment();
  }

  public void groupSubmitted(String priority) {
    Counter.builder(GROUPS_SUBMITTED)
        .description("Task groups submitted through the API and started")
        .tag("priority", priority)
        .register(registry)
        .increment();
  }
}

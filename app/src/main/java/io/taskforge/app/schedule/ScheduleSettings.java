package io.taskforge.app.schedule;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Schedules ({@code taskforge.schedules.*}). */
@ConfigurationProperties("taskforge.schedules")
public record ScheduleSettings(@DefaultValue Cleanup cleanup) {

  /**
   * The default schedule that deletes old closed tasks with the {@code system_maintenance} task
   * type. Created at start when absent, never overwritten (edit it with the Temporal UI or CLI);
   * {@code enabled=false} deletes it.
   *
   * @param id the schedule's id in Taskforge's own space: Temporal knows it as {@code
   *     _taskforge/<id>}
   * @param cron when it runs, in UTC
   * @param olderThan tasks closed longer ago than this are deleted
   */
  public record Cleanup(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("cleanup") String id,
      @DefaultValue("0 3 * * *") String cron,
      @DefaultValue("7d") String olderThan) {}
}

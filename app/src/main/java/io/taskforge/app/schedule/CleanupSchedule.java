package io.taskforge.app.schedule;

import io.taskforge.app.config.SearchAttributeRegistrar;
import io.taskforge.app.config.StartupTask;
import io.taskforge.app.security.Tenancy;
import io.taskforge.app.task.SubmitTaskRequest;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Ships the seeds' periodic clean-up of old tasks as a schedule: at start, creates it when it does
 * not exist (one that does, perhaps edited since, is left alone), or deletes it when turned off
 * ({@code taskforge.schedules.cleanup.enabled=false}). If Temporal is not reachable yet it keeps
 * trying in the background. The schedule goes through the API's own validation, so a bad setting
 * fails the start. It lives in Taskforge's own id space ({@code _taskforge/cleanup}, its runs
 * {@code _taskforge/cleanup-<time>}), which no tenant reaches through the API: that is why its
 * {@code system_maintenance} runs delete old tasks of every tenant, while one a tenant submits only
 * reaches that tenant's. Operators see and edit it with the Temporal Web UI or CLI.
 */
@Component
public class CleanupSchedule extends StartupTask {
  private static final Logger log = LoggerFactory.getLogger(CleanupSchedule.class);
  static final String TASK_TYPE = "system_maintenance";

  private final ScheduleService schedules;
  private final ScheduleSettings.Cleanup settings;
  private final SearchAttributeRegistrar attributes;
  private final ScheduleRequestMapper.ValidSchedule schedule;
  private volatile boolean done;

  public CleanupSchedule(
      ScheduleService schedules,
      ScheduleRequestMapper mapper,
      ScheduleSettings settings,
      SearchAttributeRegistrar attributes) {
    super("cleanup-schedule");
    this.schedules = schedules;
    this.settings = settings.cleanup();
    this.attributes = attributes;
    try {
      this.schedule = mapper.map(request(this.settings), Tenancy.INTERNAL_TENANT);
    } catch (ErrorResponseException e) {
      throw new IllegalStateException(
          "taskforge.schedules.cleanup is invalid: " + e.getBody().getProperties(), e);
    }
  }

  static CreateScheduleRequest request(ScheduleSettings.Cleanup cleanup) {
    SubmitTaskRequest task =
        new SubmitTaskRequest(
            null,
            TASK_TYPE,
            "clean-up of old tasks",
            "Deletes tasks closed more than " + cleanup.olderThan() + " ago.",
            Map.of("source", "taskforge.schedules.cleanup"),
            Map.of("olderThan", cleanup.olderThan()),
            "LOW",
            null,
            null,
            null,
            null,
            null,
            null);
    return new CreateScheduleRequest(
        cleanup.id(),
        "Deletes tasks closed more than "
            + cleanup.olderThan()
            + " ago (taskforge.schedules.cleanup)",
        new CreateScheduleRequest.Action(task, null),
        new CreateScheduleRequest.Spec(List.of(cleanup.cron()), null, null, null, null, null),
        new CreateScheduleRequest.Policy("SKIP", "1h", false),
        null);
  }

  /** Whether the schedule is as the settings want it (present, or absent when turned off). */
  public boolean isDone() {
    return done;
  }

  /** Each start checks the schedule again: it may have been changed while stopped. */
  @Override
  public synchronized void start() {
    done = false;
    super.start();
  }

  @Override
  protected boolean tryOnce() {
    if (!attributes.isRegistered()) {
      return false; // the schedule's search attributes must exist first
    }
    try {
      if (settings.enabled()) {
        create();
      } else {
        remove();
      }
      done = true;
      return true;
    } catch (RuntimeException e) {
      log.warn(
          "could not set up the clean-up schedule {} yet (retrying every {}s): {}",
          settings.id(),
          RETRY_EVERY.toSeconds(),
          e.toString());
      return false;
    }
  }

  private void create() {
    if (exists()) {
      log.debug("clean-up schedule {} exists; leaving it as it is", settings.id());
      return;
    }
    try {
      schedules.create(Tenancy.INTERNAL_TENANT, schedule);
      log.info(
          "created the clean-up schedule {} ({}, tasks closed more than {} ago)",
          settings.id(),
          settings.cron(),
          settings.olderThan());
    } catch (ErrorResponseException e) {
      if (e.getStatusCode().value() != 409) {
        throw e;
      }
      // Another instance created it meanwhile, or a schedule not made by Taskforge has this id.
      log.warn("clean-up schedule {}: {}", settings.id(), e.getBody().getDetail());
    }
  }

  private void remove() {
    if (exists()) {
      schedules.delete(Tenancy.INTERNAL_TENANT, settings.id());
      log.info(
          "deleted the clean-up schedule {} (taskforge.schedules.cleanup.enabled=false)",
          settings.id());
    }
  }

  private boolean exists() {
    try {
      schedules.describe(Tenancy.INTERNAL_TENANT, settings.id());
      return true;
    } catch (ErrorResponseException e) {
      if (e.getStatusCode().value() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** After the search attribute registrar, whose attributes the schedule carries. */
  @Override
  public int getPhase() {
    return DEFAULT_PHASE - 50;
  }
}

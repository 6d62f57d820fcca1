package io.taskforge.app.schedule;

import io.taskforge.app.security.Tenancy;
import io.taskforge.app.taskgroup.TaskGroupService;
import io.taskforge.workflows.TaskSearchAttributes;
import io.temporal.common.SearchAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place that says which schedules are Taskforge's: the search attributes a schedule itself
 * carries ({@code TaskType}: its action's task type, or {@code task_group}), the visibility query
 * that lists them, and the check that a described schedule is one of them. A schedule that fails it
 * answers 404, like one that does not exist; so does another tenant's schedule.
 */
final class ScheduleAttributes {
  private ScheduleAttributes() {}

  /** The schedule's own search attributes, set on create and on an update of its action. */
  static SearchAttributes of(ScheduleRequestMapper.ValidAction action, String tenant) {
    String type = action.task() != null ? action.task().type().name() : TaskGroupService.TASK_TYPE;
    return Tenancy.tag(
            SearchAttributes.newBuilder().set(TaskSearchAttributes.TASK_TYPE, type), tenant)
        .build();
  }

  /**
   * Whether a schedule, by its own keyword search attributes, is one this API shows and controls
   * for the tenant (a schedule without a tenant is the default tenant's).
   */
  static boolean owned(Map<String, String> keywords, String tenant) {
    String owner = keywords.get(TaskSearchAttributes.TENANT.getName());
    return keywords.get(TaskSearchAttributes.TASK_TYPE.getName()) != null
        && tenant.equals(owner == null || owner.isBlank() ? Tenancy.DEFAULT_TENANT : owner);
  }

  /** The tenant's schedules, optionally only those of one task type or paused state. */
  static String listQuery(String tenant, String type, Boolean paused) {
    List<String> clauses = new ArrayList<>();
    clauses.add(TaskSearchAttributes.TASK_TYPE.getName() + " IS NOT NULL");
    if (type != null) {
      clauses.add(TaskSearchAttributes.TASK_TYPE.getName() + " = " + quote(type));
    }
    if (paused != null) {
      clauses.add("TemporalSchedulePaused = " + paused);
    }
    clauses.add(Tenancy.visibilityClause(tenant));
    return String.join(" AND ", clauses);
  }

  private static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}

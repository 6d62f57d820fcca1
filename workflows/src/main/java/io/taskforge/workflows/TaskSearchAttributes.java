package io.taskforge.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The custom search attributes the workflows keep current. They are what makes lists, filters and
 * counts work in our API, the Temporal Web UI and {@code temporal workflow list --query} alike.
 */
public final class TaskSearchAttributes {
  public static final SearchAttributeKey<String> TASK_TYPE =
      SearchAttributeKey.forKeyword("TaskType");
  public static final SearchAttributeKey<String> TASK_STATUS =
      SearchAttributeKey.forKeyword("TaskStatus");
  public static final SearchAttributeKey<String> TASK_PRIORITY =
      SearchAttributeKey.forKeyword("TaskPriority");
  public static final SearchAttributeKey<String> TASK_GROUP_ID =
      SearchAttributeKey.forKeyword("TaskGroupId");
  public static final SearchAttributeKey<String> AGENCY_ID =
      SearchAttributeKey.forKeyword("AgencyId");
  public static final SearchAttributeKey<String> TENANT = SearchAttributeKey.forKeyword("Tenant");

  /** Every key, for registering them with the server at start-up. */
  public static final List<SearchAttributeKey<String>> ALL =
      List.of(TASK_TYPE, TASK_STATUS, TASK_PRIORITY, TASK_GROUP_ID, AGENCY_ID, TENANT);

  private TaskSearchAttributes() {}
}

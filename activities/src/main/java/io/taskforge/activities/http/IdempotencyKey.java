package io.taskforge.activities.http;

import io.taskforge.activities.TaskContext;
import io.taskforge.workflows.TenantIds;
import java.net.http.HttpRequest;
import java.util.OptionalLong;

/**
 * The {@code Idempotency-Key} an outbound call carries, so that its target can drop the repeats
 * that at-least-once execution brings (a retried attempt, a worker killed mid-call): the same on
 * every attempt of a task and after any worker restart, since it is derived only from what the
 * task's history holds.
 *
 * <p>The key is the task's API id, the id its tenant knows it by ({@code report-q3}, never the
 * tenant-prefixed workflow id), and for an item of an expansion that id, {@code #}, and the item's
 * index ({@code g1.calls#17}); no API id contains {@code #}. A key the task sets itself in its
 * request headers wins.
 */
public final class IdempotencyKey {
  public static final String HEADER = "Idempotency-Key";

  /** Between a task's id and an item's index; API ids never contain it. */
  static final char ITEM_SEPARATOR = '#';

  private IdempotencyKey() {}

  /** The key of whatever the running task (or expansion item) sends. */
  public static String of(TaskContext context) {
    String apiId = TenantIds.apiId(context.taskId());
    OptionalLong item = context.itemIndex();
    return item.isPresent() ? apiId + ITEM_SEPARATOR + item.getAsLong() : apiId;
  }

  /**
   * The request with the task's key added, or the request itself when it already has an {@code
   * Idempotency-Key} (in any letter case): one the task chose.
   */
  public static HttpRequest onto(HttpRequest request, TaskContext context) {
    if (request.headers().firstValue(HEADER).isPresent()) {
      return request;
    }
    return HttpRequest.newBuilder(request, (name, value) -> true)
        .header(HEADER, of(context))
        .build();
  }
}

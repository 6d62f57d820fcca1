package io.taskforge.app.worker;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.app.config.TemporalApiClient;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.taskqueue.v1.TaskQueueStats;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Temporal's view of a task queue (DescribeTaskQueue): its pollers with their last access, and its
 * backlog from the task-queue statistics where the server reports them (Temporal 1.27 and later);
 * an older server answers without them and the backlog is left out.
 */
@Component
public class TaskQueueInspector {
  /** Said once per answer when the backlog could not be had. */
  public static final String NO_BACKLOG_NOTE =
      "this Temporal server does not report task-queue statistics; backlog counts are omitted";

  private final TemporalApiClient temporal;
  private volatile boolean statsUnsupported;

  public TaskQueueInspector(TemporalApiClient temporal) {
    this.temporal = temporal;
  }

  public boolean statsUnsupported() {
    return statsUnsupported;
  }

  /** The activity side of a queue, where every task's work waits. */
  public QueueView describe(String queue, String kind) {
    return describe(queue, kind, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY);
  }

  public QueueView describe(String queue, String kind, TaskQueueType type) {
    DescribeTaskQueueResponse response;
    boolean withStats = !statsUnsupported;
    try {
      response = call(queue, type, withStats);
    } catch (StatusRuntimeException e) {
      if (!withStats || !isUnsupported(e)) {
        throw e;
      }
      statsUnsupported = true;
      withStats = false;
      response = call(queue, type, false);
    }
    List<QueueView.Poller> pollers =
        response.getPollersList().stream()
            .map(p -> new QueueView.Poller(p.getIdentity(), instant(p.getLastAccessTime())))
            .toList();
    if (!withStats || !response.hasStats()) {
      return new QueueView(queue, kind, pollers, null, null, null, null);
    }
    TaskQueueStats stats = response.getStats();
    return new QueueView(
        queue,
        kind,
        pollers,
        stats.getApproximateBacklogCount(),
        stats.getApproximateBacklogAge().getSeconds()
            + stats.getApproximateBacklogAge().getNanos() / 1e9,
        stats.getTasksAddRate(),
        stats.getTasksDispatchRate());
  }

  private DescribeTaskQueueResponse call(String queue, TaskQueueType type, boolean withStats) {
    return temporal
        .workflows()
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeTaskQueue(
            DescribeTaskQueueRequest.newBuilder()
                .setNamespace(temporal.workflows().getOptions().getNamespace())
                .setTaskQueue(TaskQueue.newBuilder().setName(queue).build())
                .setTaskQueueType(type)
                .setReportStats(withStats)
                .build());
  }

  private static boolean isUnsupported(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    return code == Status.Code.INVALID_ARGUMENT || code == Status.Code.UNIMPLEMENTED;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp.getSeconds() == 0 && timestamp.getNanos() == 0
        ? null
        : Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}

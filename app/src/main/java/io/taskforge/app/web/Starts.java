package io.taskforge.app.web;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a workflow under an id the API chose so that a lost answer never hides a start that took
 * effect. When Temporal does not answer a start (unavailable, or past the deadline), the start may
 * still have been written; before the API answers 503 it describes the id, again and again after a
 * short pause while Temporal does not answer, until the API client's own deadline (the API's
 * temporal-timeout) has passed. A run carrying this attempt's submission id (a random memo value)
 * is this start: the API answers as if the start had answered. A run carrying another is someone
 * else's start of the id, which the callers already handle as "already started" (an idempotent
 * retry, or 409). Nothing found, or no answer to the describe either: the 503 stands, and a
 * client's retry with an {@code Idempotency-Key} is safe whichever way the start went.
 */
public final class Starts {
  private static final Logger log = LoggerFactory.getLogger(Starts.class);

  /** The memo key of the submission id, unique to one start attempt. */
  public static final String MEMO_SUBMISSION_ID = "submissionId";

  private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(1);
  private static final Duration MAX_ATTEMPT = Duration.ofSeconds(2);

  private Starts() {}

  /**
   * How a start went.
   *
   * @param description the run, when it was found by a describe after the start's answer was lost;
   *     null when the start answered
   */
  public record Started(WorkflowExecution execution, WorkflowExecutionDescription description) {
    public boolean confirmed() {
      return description != null;
    }
  }

  /**
   * Starts the workflow that {@code start} starts with the options it is given: {@code options}
   * with a fresh submission id added to the memo.
   *
   * @throws WorkflowExecutionAlreadyStarted when the id is taken, also when that was found out by
   *     the describe
   */
  public static Started start(
      WorkflowClient client,
      WorkflowOptions options,
      Function<WorkflowOptions, WorkflowExecution> start) {
    String submission = UUID.randomUUID().toString();
    Map<String, Object> memo =
        new LinkedHashMap<>(options.getMemo() == null ? Map.of() : options.getMemo());
    memo.put(MEMO_SUBMISSION_ID, submission);
    WorkflowOptions tagged = WorkflowOptions.newBuilder(options).setMemo(memo).build();
    try {
      return new Started(start.apply(tagged), null);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw e;
    } catch (RuntimeException e) {
      if (!isUnanswered(e)) {
        throw e;
      }
      return confirm(client, options.getWorkflowId(), submission, e);
    }
  }

  private static Started confirm(
      WorkflowClient client, String id, String submission, RuntimeException failure) {
    WorkflowExecutionDescription description = describeWithin(client, id, failure);
    Object found = description.getMemo(MEMO_SUBMISSION_ID, String.class);
    if (submission.equals(found)) {
      log.info("start of {} went unanswered but took effect: answering with it", id);
      return new Started(description.getExecution(), description);
    }
    throw new WorkflowExecutionAlreadyStarted(
        description.getExecution(), description.getWorkflowType(), failure);
  }

  /**
   * Describes the id, trying again after a short, growing pause while Temporal does not answer,
   * until the client's own deadline (the API's {@code taskforge.api.temporal-timeout}) has passed.
   * Throws {@code failure} when the id does not exist or no describe was answered in time.
   */
  private static WorkflowExecutionDescription describeWithin(
      WorkflowClient client, String id, RuntimeException failure) {
    WorkflowServiceStubs stubs = client.getWorkflowServiceStubs();
    Duration within = stubs.getOptions().getRpcTimeout();
    long deadline = System.nanoTime() + within.toNanos();
    DescribeWorkflowExecutionRequest request =
        DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
            .build();
    Duration pause = FIRST_PAUSE;
    for (int attempt = 1; ; attempt++) {
      long left = deadline - System.nanoTime();
      try {
        // One attempt per call: the SDK's own retries would spend the whole deadline on the first.
        DescribeWorkflowExecutionResponse response =
            stubs
                .blockingStub()
                .withDeadlineAfter(
                    Math.max(1, Math.min(left, MAX_ATTEMPT.toNanos())), TimeUnit.NANOSECONDS)
                .describeWorkflowExecution(request);
        return new WorkflowExecutionDescription(response, client.getOptions().getDataConverter());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          throw failure; // the start did not take effect: the 503 stands
        }
        failure.addSuppressed(e);
        left = deadline - System.nanoTime();
        if (!isUnanswered(e) || left <= pause.toNanos()) {
          log.warn(
              "start of {} unanswered and its outcome unknown after {} describes: {}",
              id,
              attempt,
              e.toString());
          throw failure;
        }
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw failure;
      }
      pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
    }
  }

  /** Temporal did not answer (as opposed to answering no): the start may have taken effect. */
  static boolean isUnanswered(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        Status.Code code = grpc.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE
            || code == Status.Code.DEADLINE_EXCEEDED
            || code == Status.Code.CANCELLED
            || code == Status.Code.UNKNOWN;
      }
    }
    return false;
  }
}

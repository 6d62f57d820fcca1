package io.taskforge.app.web;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a workflow under an id the API chose so that a lost answer never hides a start that took
 * effect. When Temporal does not answer a start (unavailable, or past the deadline), the start may
 * still have been written; before the API answers 503 it describes the id, within the API client's
 * own deadline. A run carrying this attempt's submission id (a random memo value) is this start:
 * the API answers as if the start had answered. A run carrying another is someone else's start of
 * the id, which the callers already handle as "already started" (an idempotent retry, or 409).
 * Nothing found, or no answer to the describe either: the 503 stands, and a client's retry with an
 * {@code Idempotency-Key} is safe whichever way the start went.
 */
public final class Starts {
  private static final Logger log = LoggerFactory.getLogger(Starts.class);

  /** The memo key of the submission id, unique to one start attempt. */
  public static final String MEMO_SUBMISSION_ID = "submissionId";

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
    WorkflowExecutionDescription description;
    try {
      description = client.newUntypedWorkflowStub(id).describe();
    } catch (WorkflowNotFoundException notStarted) {
      throw failure;
    } catch (RuntimeException stillDown) {
      log.warn("start of {} unanswered and its outcome unknown: {}", id, stillDown.toString());
      failure.addSuppressed(stillDown);
      throw failure;
    }
    Object found = description.getMemo(MEMO_SUBMISSION_ID, String.class);
    if (submission.equals(found)) {
      log.info("start of {} went unanswered but took effect: answering with it", id);
      return new Started(description.getExecution(), description);
    }
    throw new WorkflowExecutionAlreadyStarted(
        description.getExecution(), description.getWorkflowType(), failure);
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

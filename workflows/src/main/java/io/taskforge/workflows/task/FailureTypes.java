package io.taskforge.workflows.task;

/** {@code ApplicationFailure} types that workers raise and workflows and the API branch on. */
public final class FailureTypes {
  /** The whole task failed; details carry a {@link TaskFailure}. */
  public static final String TASK_FAILED = "TaskFailed";

  /** A parameter is missing or wrong: never retried. */
  public static final String INVALID_PARAMS = "InvalidParams";

  /** No worker on this queue knows the task type: never retried. */
  public static final String UNKNOWN_TASK_TYPE = "UnknownTaskType";

  /** A remote call failed with an answer that retrying cannot change (4xx). */
  public static final String REMOTE_REJECTED = "RemoteRejected";

  /** A remote call failed in a way that may pass on retry (5xx, connection refused). */
  public static final String REMOTE_UNAVAILABLE = "RemoteUnavailable";

  /**
   * The circuit breaker of the remote target is open after repeated failures: the attempt failed
   * fast without calling it. Retryable; the failure's next-retry delay is the breaker's remaining
   * open time, so retries do not pile onto the target meanwhile.
   */
  public static final String CIRCUIT_OPEN = "CircuitOpen";

  /**
   * The egress policy refused the connection (a denied address range, a protected endpoint, a
   * scheme other than http and https, an ambiguous numeric host): never retried, since retrying
   * cannot change the answer. The message names the rule.
   */
  public static final String EGRESS_DENIED = "EgressDenied";

  private FailureTypes() {}
}

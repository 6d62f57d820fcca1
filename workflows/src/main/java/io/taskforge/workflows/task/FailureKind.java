package io.taskforge.workflows.task;

/** Why a task did not complete. */
public enum FailureKind {
  ERROR,
  TIMEOUT,
  CANCELLED
}

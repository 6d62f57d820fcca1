package io.taskforge.workflows.taskgroup;

/** What a group does when one of its tasks fails. */
public enum FailurePolicy {
  /** Cancel what is running, skip what has not started. */
  FAIL_FAST,
  /** Run everything that can still run. */
  CONTINUE
}

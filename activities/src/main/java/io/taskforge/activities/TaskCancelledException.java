package io.taskforge.activities;

/** Thrown inside a handler when its task has been cancelled. */
public class TaskCancelledException extends RuntimeException {
  public TaskCancelledException() {
    super("task was cancelled");
  }
}

package io.taskforge.workflows.taskgroup;

/** Whether an expanded task fails when some of its items fail. */
public enum ItemFailurePolicy {
  /** The task fails if any item fails (the default). */
  FAIL,
  /**
   * The task completes with the outputs of the items that succeeded; it fails only when there were
   * items and every one failed.
   */
  COMPLETE_WITH_SUCCESSES;

  /** Whether the expanded task fails, given how many of its items did. */
  public boolean taskFails(long failedItems, long totalItems) {
    if (failedItems < 0 || failedItems > totalItems) {
      throw new IllegalArgumentException(failedItems + " failed of " + totalItems + " items");
    }
    return switch (this) {
      case FAIL -> failedItems > 0;
      case COMPLETE_WITH_SUCCESSES -> totalItems > 0 && failedItems == totalItems;
    };
  }
}

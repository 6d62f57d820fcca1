package io.taskforge.workflows.taskgroup;

/** How an expanded task publishes what its executions produced. */
public enum OutputFormat {
  /** One output: the successful items' outputs in item order, or one map when merging maps. */
  MERGE,
  /** Each item's output under its own key, {@code <task>[<index>]}. */
  SEPARATE,
  /** No fan-out: one execution receives the whole item list as its {@code items} param. */
  SINGLE
}

package io.taskforge.workflows.taskgroup;

/** How one declared task becomes many executions. */
public enum ExpansionType {
  /** One execution per element of a list. */
  ARRAY,
  /** One execution per combination of several lists (their cartesian product). */
  MATRIX,
  /** Items produced by a named handler from its own parameters. */
  CUSTOM
}

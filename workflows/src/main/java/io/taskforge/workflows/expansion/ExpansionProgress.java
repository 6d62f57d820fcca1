package io.taskforge.workflows.expansion;

/** Item counts of an expanded task. */
public record ExpansionProgress(long total, long succeeded, long failed) {
  public long done() {
    return succeeded + failed;
  }
}

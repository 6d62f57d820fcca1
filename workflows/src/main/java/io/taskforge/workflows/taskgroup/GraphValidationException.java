package io.taskforge.workflows.taskgroup;

import java.util.List;
import java.util.stream.Collectors;

/** A task group's dependencies do not form a valid graph; every problem found is listed. */
public class GraphValidationException extends RuntimeException {

  private final List<GraphProblem> problems;
  private final List<String> cyclePath;

  GraphValidationException(List<GraphProblem> problems, List<String> cyclePath) {
    super(problems.stream().map(GraphProblem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
    this.cyclePath = List.copyOf(cyclePath);
  }

  public List<GraphProblem> problems() {
    return problems;
  }

  /**
   * The cycle found, in "depends on" order and closed (first name repeated at the end), such as
   * {@code [a, b, c, a]} for a depending on b, b on c and c on a; empty when there is none.
   */
  public List<String> cyclePath() {
    return cyclePath;
  }
}

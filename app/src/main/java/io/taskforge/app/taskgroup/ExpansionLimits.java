package io.taskforge.app.taskgroup;

import io.taskforge.app.web.FieldProblem;
import io.taskforge.workflows.taskgroup.ExpansionPlanner;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.taskforge.workflows.taskgroup.GroupTaskSpec;
import io.taskforge.workflows.taskgroup.TaskGroupInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's cap on how many items one expanded task may fan out to. A literal list or matrix shows
 * its size at submission, where an expansion over the cap is refused with 422; a template over an
 * earlier task's output or a custom expansion shows it only at run time, so the cap also travels in
 * the group's input and the expansion fails for good there ({@code ExpansionTooLarge}).
 */
public final class ExpansionLimits {
  private ExpansionLimits() {}

  /**
   * Every fan-out of {@code input} whose size is known and over {@code limit} (0: none), named by
   * its field under {@code prefix} (such as {@code groups[1].}).
   */
  public static List<FieldProblem> oversized(
      TaskGroupInput input, long limit, String tenant, String prefix) {
    List<FieldProblem> problems = new ArrayList<>();
    if (limit <= 0) {
      return problems;
    }
    List<GroupTaskSpec> tasks = input.tasks();
    for (int i = 0; i < tasks.size(); i++) {
      ExpansionSpec spec = tasks.get(i).expansion();
      long size = ExpansionRequests.fansOut(spec) ? knownSize(spec) : -1;
      if (size > limit) {
        problems.add(
            new FieldProblem(
                prefix + "tasks[" + i + "].expand",
                "fans out to "
                    + size
                    + " items; tenant "
                    + tenant
                    + " may fan out to at most "
                    + limit
                    + " items in one expansion"));
      }
    }
    return problems;
  }

  /** The input with the cap that the expansions check at run time; 0 means none. */
  public static TaskGroupInput limited(TaskGroupInput input, long limit) {
    return input.withMaxExpansionItems(limit > 0 ? limit : null);
  }

  /** The item count of a literal array or matrix; -1 when only the run will tell. */
  static long knownSize(ExpansionSpec spec) {
    switch (spec.type()) {
      case ARRAY -> {
        return spec.items() instanceof List<?> items ? items.size() : -1;
      }
      case MATRIX -> {
        Map<String, List<?>> axes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> axis : spec.axes().entrySet()) {
          if (!(axis.getValue() instanceof List<?> values)) {
            return -1;
          }
          axes.put(axis.getKey(), values);
        }
        return ExpansionPlanner.matrixSize(axes);
      }
      default -> {
        return -1;
      }
    }
  }
}

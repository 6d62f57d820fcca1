package io.taskforge.app.taskgroup;

import io.taskforge.app.web.FieldProblem;
import io.taskforge.workflows.taskgroup.ExpansionPlanner;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.taskforge.workflows.taskgroup.ExpansionType;
import io.taskforge.workflows.taskgroup.ItemFailurePolicy;
import io.taskforge.workflows.taskgroup.OutputFormat;
import java.util.List;
import java.util.Locale;

/** Turns a task's {@code expand} into an {@link ExpansionSpec}, naming every field it rejects. */
final class ExpansionRequests {
  static final int MAX_PARALLELISM = 1000;

  private ExpansionRequests() {}

  /**
   * The spec, or null when the type is missing or unknown (then nothing else can be checked).
   *
   * @param field the JSON path of the expand object, such as {@code tasks[2].expand}
   */
  static ExpansionSpec toSpec(
      GroupTaskRequest.Expand expand, String field, List<FieldProblem> errors) {
    ExpansionType type = parse(ExpansionType.class, field + ".type", expand.type(), errors);
    if (expand.type() == null || expand.type().isBlank()) {
      errors.add(new FieldProblem(field + ".type", "is required: array, matrix or custom"));
    }
    OutputFormat output = parse(OutputFormat.class, field + ".output", expand.output(), errors);
    ItemFailurePolicy onItemFailure =
        parse(ItemFailurePolicy.class, field + ".onItemFailure", expand.onItemFailure(), errors);
    if (expand.parallelism() != null && expand.parallelism() > MAX_PARALLELISM) {
      errors.add(new FieldProblem(field + ".parallelism", "must be at most " + MAX_PARALLELISM));
    }
    if (type == null) {
      return null;
    }
    ExpansionSpec spec =
        new ExpansionSpec(
            type,
            expand.items(),
            expand.axes(),
            expand.customType(),
            expand.params(),
            output,
            expand.parallelism(),
            onItemFailure,
            Boolean.TRUE.equals(expand.mergeMaps()));
    for (String problem : ExpansionPlanner.validate(spec)) {
      int colon = problem.indexOf(": ");
      String where = colon < 0 ? "" : problem.substring(0, colon);
      String message = colon < 0 ? problem : problem.substring(colon + 2);
      // The request calls the custom handler's params plain "params".
      where = where.replaceFirst("^customParams", "params");
      errors.add(new FieldProblem(where.isEmpty() ? field : field + "." + where, message));
    }
    return spec;
  }

  /** Whether the task fans out into one execution per item (every output but SINGLE). */
  static boolean fansOut(ExpansionSpec spec) {
    return spec != null && spec.output() != OutputFormat.SINGLE;
  }

  private static <E extends Enum<E>> E parse(
      Class<E> type, String field, String value, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> allowed =
          java.util.Arrays.stream(type.getEnumConstants())
              .map(c -> c.name().toLowerCase(Locale.ROOT))
              .toList();
      errors.add(new FieldProblem(field, "must be one of " + String.join(", ", allowed)));
      return null;
    }
  }
}

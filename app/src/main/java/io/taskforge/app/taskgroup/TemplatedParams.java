package io.taskforge.app.taskgroup;

import io.taskforge.workflows.taskgroup.Templates;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets the single-task validator check a group task's params although some are templates, which
 * only get their values when the task runs. A parameter given as exactly one template keeps the
 * referenced value's JSON type, so its type cannot be checked now: for the check it is replaced by
 * a stand-in its spec accepts, so it counts as given and is never reported as mistyped. A string
 * that mixes text and templates always renders to a string, so it is checked as the string it is.
 */
final class TemplatedParams {
  private TemplatedParams() {}

  static boolean isTemplated(Object value) {
    return value instanceof String text && text.contains("{{");
  }

  /**
   * The params to validate in place of {@code params}.
   *
   * @param injected params the group sets at run time (the items of a SINGLE expansion): checked as
   *     given
   */
  static Map<String, Object> forValidation(
      TaskTypeDefinition type, Map<String, Object> params, List<String> injected) {
    Map<String, ParamSpec> specs = new LinkedHashMap<>();
    type.params().forEach(spec -> specs.put(spec.name(), spec));
    Map<String, Object> checked = new LinkedHashMap<>();
    params.forEach(
        (name, value) -> {
          ParamSpec spec = specs.get(name);
          boolean opaque =
              Templates.isSingleTemplate(value) || (isTemplated(value) && textMaySatisfy(spec));
          checked.put(name, spec != null && opaque ? standIn(spec) : value);
        });
    for (String name : injected) {
      ParamSpec spec = specs.get(name);
      if (spec != null) {
        checked.put(name, standIn(spec));
      }
    }
    return checked;
  }

  /** Text with templates renders to a string, which only some specs accept. */
  private static boolean textMaySatisfy(ParamSpec spec) {
    return spec != null
        && switch (spec.type()) {
          case STRING, DURATION, URL, ANY -> true;
          case INTEGER, NUMBER, BOOLEAN, OBJECT, ARRAY -> false;
        };
  }

  /** A value {@code spec} accepts, bounds and allowed values included. */
  static Object standIn(ParamSpec spec) {
    if (spec.defaultValue() != null && spec.type().accepts(spec.defaultValue())) {
      return spec.defaultValue();
    }
    return switch (spec.type()) {
      case STRING -> spec.allowedValues().isEmpty() ? "template" : spec.allowedValues().getFirst();
      case INTEGER -> (long) Math.ceil(lowest(spec));
      case NUMBER -> lowest(spec);
      case BOOLEAN -> false;
      case OBJECT -> Map.of();
      case ARRAY -> List.of();
      case DURATION -> "1s";
      case URL -> "https://template.invalid/"; // a name: the egress policy checks it at run time
      case ANY -> "template";
    };
  }

  private static double lowest(ParamSpec spec) {
    if (spec.min() != null) {
      return spec.min();
    }
    return spec.max() != null && spec.max() < 0 ? Math.floor(spec.max()) : 0;
  }
}

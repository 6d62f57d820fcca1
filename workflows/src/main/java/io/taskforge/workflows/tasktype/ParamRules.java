package io.taskforge.workflows.tasktype;

import java.util.List;
import java.util.Map;

/**
 * What a task type knows about its parameters together, beyond what each {@link ParamSpec} says
 * alone: defaults that follow from other parameters, and checks across parameters (or of a
 * parameter's inner shape). It belongs to the type's {@link TaskTypeDefinition}, so the API checks
 * a request with the same rules the worker applies before it runs the task: a task that would fail
 * on its parameters is refused at submission instead.
 */
public interface ParamRules {
  /** No rules beyond the specs. */
  ParamRules NONE = new ParamRules() {};

  /**
   * Defaults that depend on other parameters, for parameters absent from {@code given}; they win
   * over the specs' fixed defaults. A null value leaves the parameter absent for now: what it
   * depends on is not known yet (a template, rendered when the task runs), and the worker fills it
   * in then, by this same rule.
   *
   * @param given the parameters as given, each valid on its own
   */
  default Map<String, Object> derivedDefaults(Map<String, Object> given) {
    return Map.of();
  }

  /**
   * Problems that the specs alone cannot see, each naming its field ({@code params.overlap}).
   * Values that still hold a template (a group task's {@code "{{tasks.a.output}}"}) are only known
   * when the task runs: a check passes over them (see {@link #holdsTemplate}).
   *
   * @param params every parameter, defaults filled in, each valid on its own
   */
  default List<ParamError> check(Map<String, Object> params) {
    return List.of();
  }

  /** Whether {@code value}, or anything inside it, is a string holding a template. */
  static boolean holdsTemplate(Object value) {
    return switch (value) {
      case String text -> text.contains("{{");
      case Map<?, ?> map -> map.values().stream().anyMatch(ParamRules::holdsTemplate);
      case List<?> list -> list.stream().anyMatch(ParamRules::holdsTemplate);
      case null, default -> false;
    };
  }
}

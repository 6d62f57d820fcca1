package io.taskforge.workflows.tasktype;

import java.util.List;
import java.util.Objects;

/**
 * One parameter of a task type.
 *
 * @param defaultValue applied when the parameter is absent (null: none)
 * @param allowedValues for strings, the only values accepted (empty: any)
 * @param min for numbers, the smallest value accepted (null: no bound)
 * @param max for numbers, the largest value accepted (null: no bound)
 */
public record ParamSpec(
    String name,
    ParamType type,
    boolean required,
    Object defaultValue,
    String description,
    List<String> allowedValues,
    Double min,
    Double max) {

  public ParamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
  }

  public static ParamSpec required(String name, ParamType type, String description) {
    return new ParamSpec(name, type, true, null, description, List.of(), null, null);
  }

  public static ParamSpec optional(
      String name, ParamType type, Object defaultValue, String description) {
    return new ParamSpec(name, type, false, defaultValue, description, List.of(), null, null);
  }

  public ParamSpec oneOf(String... values) {
    return new ParamSpec(
        name, type, required, defaultValue, description, List.of(values), min, max);
  }

  public ParamSpec between(double lowest, double highest) {
    return new ParamSpec(
        name, type, required, defaultValue, description, allowedValues, lowest, highest);
  }
}

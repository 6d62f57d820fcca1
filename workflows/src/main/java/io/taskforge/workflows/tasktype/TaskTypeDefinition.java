package io.taskforge.workflows.tasktype;

import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TimeoutSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the API knows about a task type: its parameters, the queue whose workers run it, and the
 * retry and timeout settings a task gets when its request does not say.
 */
public record TaskTypeDefinition(
    String name,
    String description,
    String taskQueue,
    List<ParamSpec> params,
    RetrySpec defaultRetry,
    TimeoutSpec defaultTimeouts) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public TaskTypeDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(taskQueue, "taskQueue");
    Objects.requireNonNull(defaultRetry, "defaultRetry");
    Objects.requireNonNull(defaultTimeouts, "defaultTimeouts");
    params = List.copyOf(params);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("task type name must match " + NAME + ": " + name);
    }
  }

  /** Checks parameters against their specs; an empty list means they are valid. */
  public List<ParamError> validate(Map<String, Object> given) {
    List<ParamError> errors = new ArrayList<>();
    Map<String, ParamSpec> byName = new LinkedHashMap<>();
    params.forEach(spec -> byName.put(spec.name(), spec));
    for (String key : given.keySet()) {
      if (!byName.containsKey(key)) {
        errors.add(new ParamError("params." + key, "unknown parameter for type " + name));
      }
    }
    for (ParamSpec spec : params) {
      Object value = given.get(spec.name());
      String field = "params." + spec.name();
      if (value == null) {
        if (spec.required()) {
          errors.add(new ParamError(field, "is required"));
        }
        continue;
      }
      if (!spec.type().accepts(value)) {
        errors.add(new ParamError(field, spec.type().mismatch()));
        continue;
      }
      if (!spec.allowedValues().isEmpty() && !spec.allowedValues().contains(value)) {
        errors.add(new ParamError(field, "must be one of " + spec.allowedValues()));
      }
      if (value instanceof Number number) {
        if (spec.min() != null && number.doubleValue() < spec.min()) {
          errors.add(new ParamError(field, "must be at least " + format(spec.min())));
        }
        if (spec.max() != null && number.doubleValue() > spec.max()) {
          errors.add(new ParamError(field, "must be at most " + format(spec.max())));
        }
      }
    }
    return errors;
  }

  /** The given parameters with every absent parameter's default filled in. */
  public Map<String, Object> withDefaults(Map<String, Object> given) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (ParamSpec spec : params) {
      if (given.containsKey(spec.name()) && given.get(spec.name()) != null) {
        result.put(spec.name(), given.get(spec.name()));
      } else if (spec.defaultValue() != null) {
        result.put(spec.name(), spec.defaultValue());
      }
    }
    return result;
  }

  private static String format(double bound) {
    return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
  }
}

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
 * What the API knows about a task type: its parameters, the queue whose workers run it, the retry
 * and timeout settings a task gets when its request does not say, and the rules across its
 * parameters ({@link ParamRules}), which the API and the worker both apply.
 */
public record TaskTypeDefinition(
    String name,
    String description,
    String taskQueue,
    List<ParamSpec> params,
    RetrySpec defaultRetry,
    TimeoutSpec defaultTimeouts,
    ParamRules rules) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public TaskTypeDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(taskQueue, "taskQueue");
    Objects.requireNonNull(defaultRetry, "defaultRetry");
    Objects.requireNonNull(defaultTimeouts, "defaultTimeouts");
    params = List.copyOf(params);
    rules = rules == null ? ParamRules.NONE : rules;
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("task type name must match " + NAME + ": " + name);
    }
  }

  /** A type whose parameters need no rules beyond their specs. */
  public TaskTypeDefinition(
      String name,
      String description,
      String taskQueue,
      List<ParamSpec> params,
      RetrySpec defaultRetry,
      TimeoutSpec defaultTimeouts) {
    this(name, description, taskQueue, params, defaultRetry, defaultTimeouts, ParamRules.NONE);
  }

  /**
   * Checks parameters against their specs, then (when each is valid alone) against the type's rules
   * with the defaults filled in; an empty list means they are valid. The API checks a submission
   * with it, and the worker the parameters it is about to run.
   */
  public List<ParamError> validate(Map<String, Object> given) {
    List<ParamError> errors = validateEach(given);
    if (errors.isEmpty()) {
      errors.addAll(rules.check(withDefaults(given)));
    }
    return errors;
  }

  private List<ParamError> validateEach(Map<String, Object> given) {
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

  /**
   * The given parameters with every absent parameter's default filled in: the one its rules derive
   * from the other parameters, else its spec's. Applying it again changes nothing.
   */
  public Map<String, Object> withDefaults(Map<String, Object> given) {
    Map<String, Object> derived = rules.derivedDefaults(given);
    Map<String, Object> result = new LinkedHashMap<>();
    for (ParamSpec spec : params) {
      if (given.containsKey(spec.name()) && given.get(spec.name()) != null) {
        result.put(spec.name(), given.get(spec.name()));
      } else if (derived.containsKey(spec.name())) {
        if (derived.get(spec.name()) != null) {
          result.put(spec.name(), derived.get(spec.name()));
        }
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

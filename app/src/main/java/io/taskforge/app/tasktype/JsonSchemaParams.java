package io.taskforge.app.tasktype;

import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the parameters of an announced task type from its JSON Schema (as pydantic writes it: an
 * object's {@code properties}, {@code required}, {@code default}s, {@code $ref}s into {@code
 * $defs}, {@code anyOf} with null for optional fields) into the {@link ParamSpec}s that every task
 * type is validated with, so the API checks a Python type's submissions with the same engine and
 * messages as a Java type's.
 *
 * <p>What a spec can say is checked at submission: unknown and missing parameters, each top-level
 * parameter's JSON type, string enums, numeric minimum and maximum. The rest of a schema (string
 * lengths and patterns, exclusive bounds, what nested objects hold) is checked by the worker, whose
 * refusal fails the task as {@code InvalidParams}, never retried.
 */
public final class JsonSchemaParams {
  private static final Set<String> NULL = Set.of("null");

  private JsonSchemaParams() {}

  public static List<ParamSpec> of(Map<String, Object> schema) {
    Map<String, Object> properties = map(schema.get("properties"));
    List<?> requiredList = schema.get("required") instanceof List<?> list ? list : List.of();
    List<ParamSpec> params = new ArrayList<>();
    properties.forEach(
        (name, value) -> {
          Map<String, Object> property = map(value);
          Map<String, Object> resolved = resolve(property, schema);
          params.add(
              new ParamSpec(
                  name,
                  type(resolved),
                  requiredList.contains(name),
                  property.containsKey("default")
                      ? property.get("default")
                      : resolved.get("default"),
                  description(property, resolved),
                  enumValues(resolved),
                  number(resolved.get("minimum")),
                  number(resolved.get("maximum"))));
        });
    return params;
  }

  /**
   * The property's own schema with {@code $ref}s followed and a nullable {@code anyOf} narrowed to
   * its one non-null branch.
   */
  static Map<String, Object> resolve(Map<String, Object> property, Map<String, Object> root) {
    Map<String, Object> current = property;
    for (int depth = 0; depth < 8; depth++) {
      if (current.get("$ref") instanceof String ref) {
        Map<String, Object> target = lookUp(ref, root);
        Map<String, Object> merged = new LinkedHashMap<>(target);
        current.forEach((key, v) -> merged.putIfAbsent(key, v));
        merged.remove("$ref");
        current = merged;
        continue;
      }
      Object branches = current.containsKey("anyOf") ? current.get("anyOf") : current.get("oneOf");
      if (branches instanceof List<?> list) {
        List<Map<String, Object>> nonNull =
            list.stream().map(JsonSchemaParams::map).filter(b -> !isNull(b)).toList();
        if (nonNull.size() != 1) {
          return Map.of(); // a real union: any JSON value here, the worker checks the rest
        }
        Map<String, Object> merged = new LinkedHashMap<>(nonNull.getFirst());
        current.forEach(
            (key, v) -> {
              if (!key.equals("anyOf") && !key.equals("oneOf")) {
                merged.putIfAbsent(key, v);
              }
            });
        current = merged;
        continue;
      }
      return current;
    }
    return Map.of();
  }

  private static Map<String, Object> lookUp(String ref, Map<String, Object> root) {
    for (String prefix : List.of("#/$defs/", "#/definitions/")) {
      if (ref.startsWith(prefix)) {
        return map(
            map(root.get(prefix.substring(2, prefix.length() - 1)))
                .get(ref.substring(prefix.length())));
      }
    }
    return Map.of();
  }

  private static boolean isNull(Map<String, Object> branch) {
    return "null".equals(branch.get("type"));
  }

  static ParamType type(Map<String, Object> schema) {
    Object type = schema.get("type");
    if (type instanceof List<?> list) {
      List<?> nonNull = list.stream().filter(t -> !NULL.contains(t)).toList();
      type = nonNull.size() == 1 ? nonNull.getFirst() : null;
    }
    if (!(type instanceof String name)) {
      return ParamType.ANY;
    }
    return switch (name) {
      case "string" -> ParamType.STRING;
      case "integer" -> ParamType.INTEGER;
      case "number" -> ParamType.NUMBER;
      case "boolean" -> ParamType.BOOLEAN;
      case "object" -> ParamType.OBJECT;
      case "array" -> ParamType.ARRAY;
      default -> ParamType.ANY;
    };
  }

  private static List<String> enumValues(Map<String, Object> schema) {
    if (schema.get("enum") instanceof List<?> values
        && !values.isEmpty()
        && values.stream().allMatch(v -> v instanceof String)) {
      return values.stream().map(String.class::cast).toList();
    }
    if (schema.get("const") instanceof String single) {
      return List.of(single);
    }
    return List.of();
  }

  private static String description(Map<String, Object> property, Map<String, Object> resolved) {
    for (Map<String, Object> source : List.of(property, resolved)) {
      for (String key : List.of("description", "title")) {
        if (source.get(key) instanceof String text && !text.isBlank()) {
          return text;
        }
      }
    }
    return "";
  }

  private static Double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}

package io.taskforge.app.tasktype;

import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema of a Java type's parameters, so that the API shows every type's parameters the
 * same way, whatever serves it.
 */
final class ParamSchemas {
  private ParamSchemas() {}

  static Map<String, Object> of(List<ParamSpec> params) {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (ParamSpec p : params) {
      Map<String, Object> property = new LinkedHashMap<>();
      switch (p.type()) {
        case ANY -> {}
        case DURATION -> {
          property.put("type", "string");
          property.put("format", "duration");
        }
        default -> property.put("type", p.type().jsonName());
      }
      property.put("description", p.description());
      if (p.defaultValue() != null) {
        property.put("default", p.defaultValue());
      }
      if (!p.allowedValues().isEmpty()) {
        property.put("enum", p.allowedValues());
      }
      if (p.min() != null) {
        property.put("minimum", number(p.min(), p.type()));
      }
      if (p.max() != null) {
        property.put("maximum", number(p.max(), p.type()));
      }
      properties.put(p.name(), property);
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put(
        "required", params.stream().filter(ParamSpec::required).map(ParamSpec::name).toList());
    schema.put("additionalProperties", false);
    return schema;
  }

  private static Object number(double value, ParamType type) {
    return type == ParamType.INTEGER ? (Object) (long) value : (Object) value;
  }
}

package io.taskforge.workflows.tasktype;

import java.util.List;
import java.util.Map;

/** The JSON type a task parameter must have. */
public enum ParamType {
  STRING,
  INTEGER,
  NUMBER,
  BOOLEAN,
  OBJECT,
  ARRAY,
  /** An ISO-8601 duration such as {@code PT30S}, or a short form such as {@code 30s}. */
  DURATION,
  /** Any JSON value. */
  ANY;

  public boolean accepts(Object value) {
    return switch (this) {
      case STRING -> value instanceof String;
      case INTEGER ->
          value instanceof Integer
              || value instanceof Long
              || (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()));
      case NUMBER -> value instanceof Number;
      case BOOLEAN -> value instanceof Boolean;
      case OBJECT -> value instanceof Map;
      case ARRAY -> value instanceof List;
      case DURATION -> value instanceof String s && Durations.parse(s).isPresent();
      case ANY -> true;
    };
  }

  public String jsonName() {
    return name().toLowerCase();
  }
}

package io.taskforge.activities.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CSV as RFC 4180 has it: CRLF line ends, fields quoted when they hold a comma, quote or line
 * break.
 */
final class Csv {
  static final String LINE_END = "\r\n";

  private Csv() {}

  static String row(List<?> values, ObjectMapper json) {
    String line = values.stream().map(value -> field(value, json)).collect(Collectors.joining(","));
    // A lone empty field would read as an empty line, which readers skip.
    return (values.size() == 1 && line.isEmpty() ? "\"\"" : line) + LINE_END;
  }

  /** One field: null is empty, objects and arrays are JSON text, numbers never use exponents. */
  static String field(Object value, ObjectMapper json) {
    String text =
        switch (value) {
          case null -> "";
          case String string -> string;
          case Double number when Double.isFinite(number) ->
              BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
          case Float number when Float.isFinite(number) ->
              new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
          case Map<?, ?> map -> toJson(map, json);
          case List<?> list -> toJson(list, json);
          default -> value.toString();
        };
    return needsQuotes(text) ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }

  private static boolean needsQuotes(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        return true;
      }
    }
    return false;
  }

  private static String toJson(Object value, ObjectMapper json) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }
}

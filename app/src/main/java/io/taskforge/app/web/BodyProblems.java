package io.taskforge.app.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what is wrong with a request body that could not be read, in the API's words: the field by
 * its JSON path ({@code tasks[0].priorty}) and what it must be. Never Jackson's own message, which
 * names Java types and parser tokens.
 */
final class BodyProblems {
  private BodyProblems() {}

  /** What a 400 says: a sentence, and the offending field when there is one. */
  record Described(String detail, List<FieldProblem> errors) {}

  static Described describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RequestJsonDecoder.InvalidTextException text) {
        return field(text.field(), "must be valid Unicode text: it holds a lone UTF-16 surrogate");
      }
      if (t instanceof JacksonException jackson) {
        return describe(jackson);
      }
    }
    return new Described("the request body could not be read as JSON", List.of());
  }

  private static Described describe(JacksonException e) {
    String path = path(e.getPath());
    return switch (e) {
      case UnrecognizedPropertyException unknown -> field(path, "is not a known field");
      case InvalidNullException ignored -> field(path, "must not be null");
      case MismatchedInputException mismatch ->
          field(path, "must be " + expected(mismatch.getTargetType()));
      case InputCoercionException coercion -> field(path, "must be " + range(coercion));
      case StreamConstraintsException ignored ->
          new Described(
              "the request body is nested too deeply or holds a value that is too long", List.of());
      case StreamReadException syntax -> syntax(syntax);
      default -> field(path, "is invalid");
    };
  }

  /** Not JSON: where, and the field it happened in when it is inside one. */
  private static Described syntax(StreamReadException e) {
    String message = "is not valid JSON" + where(e) + reason(e);
    if (e.processor() instanceof JsonParser parser) {
      String field = RequestJsonDecoder.path(parser.streamReadContext());
      if (!field.equals("body")) {
        return field(field, message);
      }
    }
    return new Described("the request body " + message, List.of());
  }

  private static Described field(String field, String message) {
    return new Described(field + " " + message, List.of(new FieldProblem(field, message)));
  }

  /** {@code tasks[0].priorty}; "body" for the body itself. */
  static String path(List<JacksonException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : references) {
      if (reference.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "body" : path.toString();
  }

  /** A JSON type as a person says it. */
  static String expected(Class<?> type) {
    if (type == null) {
      return "a value of another type";
    }
    if (CharSequence.class.isAssignableFrom(type)
        || type == Character.class
        || type == char.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (isIntegral(type)) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type.isEnum()) {
      return "one of " + List.of(type.getEnumConstants());
    }
    if (type == Object.class) {
      return "a JSON value";
    }
    return "an object"; // a map or one of the API's request records
  }

  private static boolean isIntegral(Class<?> type) {
    return type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class
        || type == Byte.class
        || type == byte.class
        || type == BigInteger.class;
  }

  private static String range(InputCoercionException e) {
    Class<?> type = e.getTargetType();
    if (type == Integer.class || type == int.class) {
      return "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }
    if (type == Long.class || type == long.class) {
      return "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
    }
    if (type == Double.class || type == double.class || type == BigDecimal.class) {
      return "a number within range";
    }
    return expected(type) + " within range";
  }

  /**
   * The parser's own words on a syntax error ("Unexpected end-of-input", "Duplicate Object property
   * \"type\""), unless they speak of Java types or parser tokens.
   */
  private static String reason(StreamReadException e) {
    String message = e.getOriginalMessage();
    if (message == null || message.isBlank()) {
      return "";
    }
    int cut = message.indexOf('\n');
    String line = (cut > 0 ? message.substring(0, cut) : message).trim();
    boolean internal =
        line.contains("`")
            || line.contains("java.")
            || line.contains("jackson")
            || line.contains("JsonToken")
            || line.contains("Class ")
            || line.length() > 200;
    return internal ? "" : ": " + line;
  }

  private static String where(StreamReadException e) {
    TokenStreamLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}

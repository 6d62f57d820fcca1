package io.taskforge.workflows.taskgroup;

import java.util.ArrayList;
import java.util.List;

/** Splits strings into literal text and {@code {{ expr }}} references. */
final class TemplateParser {

  static final String OPEN = "{{";
  static final String CLOSE = "}}";

  private TemplateParser() {}

  enum Root {
    CONTEXT,
    TASK_OUTPUT,
    ITEM,
    INDEX
  }

  /**
   * One step of a path: {@code .name}, {@code .0} or {@code [0]}.
   *
   * @param bracket written as {@code [n]}
   */
  record Segment(String key, boolean bracket) {}

  /**
   * One parsed reference.
   *
   * @param source the template as written, braces included
   * @param task the task name for {@link Root#TASK_OUTPUT}, else null
   */
  record Ref(String source, Root root, String task, List<Segment> path) {}

  /**
   * A parsed string: parts are literal {@code String}s and {@link Ref}s in order; errors are the
   * malformed templates, whose text is left out of parts.
   */
  record Parsed(List<Object> parts, List<TemplateException> errors) {

    boolean hasTemplates() {
      return !errors.isEmpty() || parts.stream().anyMatch(Ref.class::isInstance);
    }

    /** The whole string is one template, so it renders to the value's own JSON type. */
    boolean isSingleTemplate(String text) {
      return errors.isEmpty()
          && parts.size() == 1
          && parts.get(0) instanceof Ref ref
          && ref.source().equals(text);
    }

    List<Ref> refs() {
      return parts.stream().filter(Ref.class::isInstance).map(Ref.class::cast).toList();
    }
  }

  static Parsed parse(String text) {
    List<Object> parts = new ArrayList<>();
    List<TemplateException> errors = new ArrayList<>();
    int position = 0;
    while (position < text.length()) {
      int open = text.indexOf(OPEN, position);
      if (open < 0) {
        parts.add(text.substring(position));
        break;
      }
      if (open > position) {
        parts.add(text.substring(position, open));
      }
      int close = text.indexOf(CLOSE, open + OPEN.length());
      if (close < 0) {
        errors.add(new TemplateException(text.substring(open), "'{{' is never closed by '}}'"));
        break;
      }
      String source = text.substring(open, close + CLOSE.length());
      try {
        parts.add(parseExpression(source, text.substring(open + OPEN.length(), close).strip()));
      } catch (TemplateException e) {
        errors.add(e);
      }
      position = close + CLOSE.length();
    }
    return new Parsed(List.copyOf(parts), List.copyOf(errors));
  }

  private static Ref parseExpression(String source, String expression) {
    if (expression.isEmpty()) {
      throw new TemplateException(source, "empty expression");
    }
    if (expression.contains(OPEN)) {
      throw new TemplateException(source, "'{{' inside an expression");
    }
    if (expression.chars().anyMatch(Character::isWhitespace)) {
      throw new TemplateException(source, "whitespace inside the expression '" + expression + "'");
    }
    int rootEnd = indexOfAny(expression, 0);
    String root = expression.substring(0, rootEnd);
    String rest = expression.substring(rootEnd);
    return switch (root) {
      case "context" -> new Ref(source, Root.CONTEXT, null, path(source, rest));
      case "item" -> new Ref(source, Root.ITEM, null, path(source, rest));
      case "index" -> {
        if (!rest.isEmpty()) {
          throw new TemplateException(source, "'index' is a number and takes no path");
        }
        yield new Ref(source, Root.INDEX, null, List.of());
      }
      case "tasks" -> taskOutput(source, rest);
      default ->
          throw new TemplateException(
              source, "unknown root '" + root + "', expected context, tasks, item or index");
    };
  }

  /** {@code .<name>.output<path>}, where the name may carry a {@code [n]} suffix. */
  private static Ref taskOutput(String source, String rest) {
    String expected = "expected tasks.<name>.output";
    if (!rest.startsWith(".")) {
      throw new TemplateException(source, expected);
    }
    int nameEnd = rest.indexOf('.', 1);
    String name = rest.substring(1, nameEnd < 0 ? rest.length() : nameEnd);
    if (name.isEmpty()) {
      throw new TemplateException(source, "missing task name, " + expected);
    }
    String afterName = nameEnd < 0 ? "" : rest.substring(nameEnd);
    String output = ".output";
    if (!afterName.startsWith(output)
        || (afterName.length() > output.length()
            && indexOfAny(afterName, output.length()) != output.length())) {
      throw new TemplateException(source, expected);
    }
    return new Ref(
        source, Root.TASK_OUTPUT, name, path(source, afterName.substring(output.length())));
  }

  /** Parses {@code .a.0[1].b} into segments; an empty string is the empty path. */
  private static List<Segment> path(String source, String text) {
    List<Segment> segments = new ArrayList<>();
    int position = 0;
    while (position < text.length()) {
      char c = text.charAt(position);
      if (c == '.') {
        int end = indexOfAny(text, position + 1);
        String key = text.substring(position + 1, end);
        if (key.isEmpty() || key.contains("]")) {
          throw new TemplateException(source, "malformed path '" + text + "'");
        }
        segments.add(new Segment(key, false));
        position = end;
      } else if (c == '[') {
        int end = text.indexOf(']', position);
        String digits = end < 0 ? "" : text.substring(position + 1, end);
        if (digits.isEmpty() || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
          throw new TemplateException(
              source, "malformed index in '" + text + "', expected [<number>]");
        }
        segments.add(new Segment(digits, true));
        position = end + 1;
      } else {
        throw new TemplateException(source, "malformed path '" + text + "'");
      }
    }
    return List.copyOf(segments);
  }

  /** The next '.' or '[' at or after {@code from}, or the length. */
  private static int indexOfAny(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.' || c == '[') {
        return i;
      }
    }
    return text.length();
  }
}

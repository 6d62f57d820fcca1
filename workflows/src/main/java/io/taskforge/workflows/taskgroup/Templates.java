package io.taskforge.workflows.taskgroup;

import io.taskforge.workflows.taskgroup.TemplateParser.Parsed;
import io.taskforge.workflows.taskgroup.TemplateParser.Ref;
import io.taskforge.workflows.taskgroup.TemplateParser.Root;
import io.taskforge.workflows.taskgroup.TemplateParser.Segment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders {@code {{ expr }}} templates inside JSON-like values; see the package documentation for
 * the syntax. Rendering never fills a gap silently: anything missing is a {@link TemplateException}
 * naming the template.
 */
public final class Templates {

  private Templates() {}

  /**
   * Renders every string in {@code value}, descending into maps and lists (map keys are left as
   * they are). A string that is exactly one template becomes the referenced value with its own
   * type; any other string with templates becomes text.
   *
   * @return a new value; maps keep their key order
   * @throws TemplateException for a malformed template or a reference to something missing
   */
  public static Object render(Object value, TemplateScope scope) {
    Objects.requireNonNull(scope, "scope");
    if (value instanceof String text) {
      return renderString(text, scope);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> rendered = new LinkedHashMap<>();
      map.forEach((key, child) -> rendered.put(key, render(child, scope)));
      return Collections.unmodifiableMap(rendered);
    }
    if (value instanceof List<?> list) {
      List<Object> rendered = new ArrayList<>(list.size());
      for (Object child : list) {
        rendered.add(render(child, scope));
      }
      return Collections.unmodifiableList(rendered);
    }
    return value;
  }

  /** Whether {@code value} is a string made of exactly one template, such as {@code {{item}}}. */
  public static boolean isSingleTemplate(Object value) {
    return value instanceof String text && TemplateParser.parse(text).isSingleTemplate(text);
  }

  /**
   * The tasks whose output {@code value} refers to, in order of first reference. A SEPARATE item
   * key counts as its task: {@code {{tasks.process[3].output}}} refers to {@code process}.
   * Malformed templates are ignored here; {@link #syntaxErrors} reports them.
   */
  public static Set<String> referencedTasks(Object value) {
    Set<String> tasks = new LinkedHashSet<>();
    forEachString(
        value,
        "",
        (text, location) -> {
          for (Ref ref : TemplateParser.parse(text).refs()) {
            if (ref.root() == Root.TASK_OUTPUT) {
              tasks.add(ExpansionOutputs.taskOfKey(ref.task()));
            }
          }
        });
    return Collections.unmodifiableSet(tasks);
  }

  /** {@link #syntaxErrors(Object, boolean)} where {@code item} and {@code index} are allowed. */
  public static List<String> syntaxErrors(Object value) {
    return syntaxErrors(value, true);
  }

  /**
   * Every malformed template in {@code value}: unclosed <code>&#123;&#123;</code>, empty
   * expressions, unknown roots, bad paths and, unless {@code inExpansion}, uses of {@code item} or
   * {@code index}. Each message starts with where the string is inside {@code value} (such as
   * {@code query.rows[0]}) when it is not {@code value} itself.
   */
  public static List<String> syntaxErrors(Object value, boolean inExpansion) {
    List<String> errors = new ArrayList<>();
    forEachString(
        value,
        "",
        (text, location) -> {
          String prefix = location.isEmpty() ? "" : location + ": ";
          Parsed parsed = TemplateParser.parse(text);
          for (TemplateException error : parsed.errors()) {
            errors.add(prefix + error.getMessage());
          }
          if (!inExpansion) {
            for (Ref ref : parsed.refs()) {
              if (ref.root() == Root.ITEM || ref.root() == Root.INDEX) {
                errors.add(prefix + outsideExpansion(ref).getMessage());
              }
            }
          }
        });
    return List.copyOf(errors);
  }

  private static Object renderString(String text, TemplateScope scope) {
    Parsed parsed = TemplateParser.parse(text);
    if (!parsed.hasTemplates()) {
      return text;
    }
    if (!parsed.errors().isEmpty()) {
      throw parsed.errors().get(0);
    }
    if (parsed.isSingleTemplate(text)) {
      return resolve((Ref) parsed.parts().get(0), scope);
    }
    StringBuilder out = new StringBuilder();
    for (Object part : parsed.parts()) {
      if (part instanceof Ref ref) {
        out.append(JsonValues.toText(resolve(ref, scope)));
      } else {
        out.append((String) part);
      }
    }
    return out.toString();
  }

  private static Object resolve(Ref ref, TemplateScope scope) {
    Object current =
        switch (ref.root()) {
          case CONTEXT -> scope.context();
          case TASK_OUTPUT -> {
            Object output = scope.taskOutputs().get(ref.task());
            if (output == null) {
              throw new TemplateException(
                  ref.source(), "task '" + ref.task() + "' has no output (yet)");
            }
            yield output;
          }
          case ITEM, INDEX -> {
            if (!scope.inExpansion()) {
              throw outsideExpansion(ref);
            }
            yield ref.root() == Root.ITEM ? scope.item() : scope.index();
          }
        };
    String path = "";
    for (Segment segment : ref.path()) {
      String here = describe(ref, path);
      if (current instanceof Map<?, ?> map) {
        if (!map.containsKey(segment.key())) {
          throw new TemplateException(ref.source(), here + " has no key '" + segment.key() + "'");
        }
        current = map.get(segment.key());
        path += "." + segment.key();
      } else if (current instanceof List<?> list) {
        int index = listIndex(segment.key());
        if (index < 0) {
          throw new TemplateException(
              ref.source(), here + " is a list, cannot read key '" + segment.key() + "'");
        }
        if (index >= list.size()) {
          throw new TemplateException(
              ref.source(),
              here + " has no index " + segment.key() + " (size " + list.size() + ")");
        }
        current = list.get(index);
        path += "[" + index + "]";
      } else {
        throw new TemplateException(
            ref.source(),
            here + " is " + JsonValues.kind(current) + ", cannot read '" + segment.key() + "'");
      }
    }
    if (current == null) {
      throw new TemplateException(ref.source(), describe(ref, path) + " is null");
    }
    return current;
  }

  /** Names the value reached by {@code path}, such as {@code task 'split' output.rows[0]}. */
  private static String describe(Ref ref, String path) {
    return switch (ref.root()) {
      case CONTEXT -> "context" + path;
      case TASK_OUTPUT -> "task '" + ref.task() + "'" + (path.isEmpty() ? "" : " output" + path);
      case ITEM -> "item" + path;
      case INDEX -> "index";
    };
  }

  /** The list index a segment names: -1 when it is not a number, huge when it cannot fit. */
  private static int listIndex(String key) {
    if (!key.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    return key.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(key);
  }

  private static TemplateException outsideExpansion(Ref ref) {
    String name = ref.root() == Root.ITEM ? "item" : "index";
    return new TemplateException(
        ref.source(), "'" + name + "' is only available inside an expansion");
  }

  private interface StringVisitor {
    void visit(String text, String location);
  }

  private static void forEachString(Object value, String location, StringVisitor visitor) {
    if (value instanceof String text) {
      visitor.visit(text, location);
    } else if (value instanceof Map<?, ?> map) {
      map.forEach(
          (key, child) ->
              forEachString(
                  child, location.isEmpty() ? String.valueOf(key) : location + "." + key, visitor));
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        forEachString(list.get(i), location + "[" + i + "]", visitor);
      }
    }
  }
}

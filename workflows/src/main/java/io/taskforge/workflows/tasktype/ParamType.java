package io.taskforge.workflows.tasktype;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
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
  /**
   * An absolute http or https URL with a host, as a string. Where it may connect is the egress
   * policy's to say: at submission for a literal address, when the task runs for any host.
   */
  URL,
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
      case URL -> value instanceof String s && isHttpUrl(s);
      case ANY -> true;
    };
  }

  /** What a value this type does not accept is told. */
  public String mismatch() {
    return this == URL
        ? "must be an absolute http or https URL with a host"
        : "must be of type " + jsonName();
  }

  static boolean isHttpUrl(String text) {
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      // A host the URI parser cannot read (127.1) still has an authority: the egress policy
      // refuses it by name rather than this check calling it no URL.
      return (scheme.equals("http") || scheme.equals("https"))
          && uri.getRawAuthority() != null
          && !uri.getRawAuthority().isEmpty();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  public String jsonName() {
    return name().toLowerCase();
  }
}

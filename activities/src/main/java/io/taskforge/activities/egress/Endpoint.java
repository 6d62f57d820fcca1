package io.taskforge.activities.egress;

/**
 * A host and port, as allow-lists and protected endpoints name them: {@code api.internal:443},
 * {@code 10.0.0.5:8080}, {@code [fd00::5]:8080}. {@code host} is null for a bare port ({@code
 * 7243}), which protected endpoints read as "on this machine".
 */
public record Endpoint(EgressHost host, int port) {
  public Endpoint {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
    }
  }

  /**
   * Reads {@code host:port}, {@code [v6]:port}, or (when {@code barePortAllowed}) a port alone.
   *
   * @throws IllegalArgumentException if it is none of these
   */
  public static Endpoint parse(String text, boolean barePortAllowed) {
    String value = text.trim();
    if (barePortAllowed && value.matches("[0-9]{1,5}")) {
      return new Endpoint(null, Integer.parseInt(value));
    }
    int colon = value.lastIndexOf(':');
    boolean bracketed = value.startsWith("[");
    if (colon <= 0
        || (bracketed && value.charAt(colon - 1) != ']')
        || (!bracketed && value.indexOf(':') != colon)
        || !value.substring(colon + 1).matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException(
          "'" + text + "' is not host:port" + (barePortAllowed ? " or a port" : ""));
    }
    EgressHost host = EgressHost.parse(value.substring(0, colon));
    if (host.isAmbiguous()) {
      throw new IllegalArgumentException("'" + text + "': " + host.ambiguity());
    }
    return new Endpoint(host, Integer.parseInt(value.substring(colon + 1)));
  }

  public boolean isLocal() {
    return host == null;
  }

  @Override
  public String toString() {
    return host == null ? Integer.toString(port) : host.display() + ":" + port;
  }
}

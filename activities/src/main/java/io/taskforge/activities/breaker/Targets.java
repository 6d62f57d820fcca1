package io.taskforge.activities.breaker;

import java.net.URI;
import java.util.Locale;

/**
 * The target a breaker guards, written one way wherever it comes from, so that a configured
 * override and the URL of a call meet: lower-case scheme and host, an explicit port, no trailing
 * slash.
 */
public final class Targets {
  private Targets() {}

  /** {@code scheme://host:port} of an absolute http(s) URL. */
  public static String origin(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException("not an http(s) URL with a host: " + url);
    }
    return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port(url, scheme);
  }

  /** The origin and the path of a base URL (an inference server may live under a path). */
  public static String baseUrl(String text) {
    URI url = URI.create(text.strip());
    String path = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
    return origin(url) + path;
  }

  private static int port(URI url, String scheme) {
    if (url.getPort() >= 0) {
      return url.getPort();
    }
    return scheme.equals("https") ? 443 : 80;
  }
}

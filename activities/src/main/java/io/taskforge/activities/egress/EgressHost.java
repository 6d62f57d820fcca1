package io.taskforge.activities.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The host of a URL, read strictly: a name, or an address written in its one canonical form (dotted
 * decimal {@code 127.0.0.1}, or IPv6 in brackets). Numeric hosts in any other spelling ({@code
 * 127.1}, {@code 2130706433}, octal {@code 0177.0.0.1}, hex {@code 0x7f.1}, leading zeros, a
 * trailing dot) are ambiguous: resolvers, browsers and proxies read them differently, so they are
 * refused rather than guessed. The rule is WHATWG's: a host whose last label is a number (all
 * digits, or {@code 0x} and hex digits) is an IPv4 address and must be a canonical one. Pure: never
 * touches DNS.
 *
 * @param host the host as written, lower case, brackets dropped
 * @param literal the address when the host is one, else null
 * @param ambiguity why the host is refused, or null when it is not
 */
public record EgressHost(String host, InetAddress literal, String ambiguity) {
  private static final Pattern CANONICAL_V4 =
      Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+|0x[0-9a-f]*");
  private static final Pattern V6_CHARACTERS = Pattern.compile("[0-9a-f:.]+");

  public EgressHost {
    Objects.requireNonNull(host, "host");
  }

  /** The host of a URL as {@link java.net.URI#getHost()} gives it ({@code [::1]} in brackets). */
  public static EgressHost parse(String uriHost) {
    if (uriHost == null || uriHost.isEmpty()) {
      return ambiguous("", "the URL has no host");
    }
    String host = uriHost.toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      return ipv6(host);
    }
    if (!endsInNumber(host)) {
      return new EgressHost(host, null, null);
    }
    if (!CANONICAL_V4.matcher(host).matches()) {
      return ambiguous(
          host,
          host
              + " is a numeric host in a non-canonical form; write IPv4 addresses as four"
              + " decimal numbers without leading zeros (127.0.0.1)");
    }
    String[] parts = host.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int value = Integer.parseInt(parts[i]);
      if (value > 255) {
        return ambiguous(host, host + " is not an IPv4 address: " + value + " is above 255");
      }
      bytes[i] = (byte) value;
    }
    return new EgressHost(host, address(bytes), null);
  }

  /**
   * The host of a URL. Where {@link java.net.URI} reads no host although the URL has an authority
   * ({@code http://127.1/}, {@code http://0x7f.1/}: its parser refuses hosts whose last label is
   * numeric), the host is taken from the authority as written, so that it is judged here too; a
   * host that the URI parser cannot read but that is no numeric spelling ({@code my_host}) is
   * ambiguous as well, since parsers disagree on it.
   */
  public static EgressHost of(java.net.URI uri) {
    if (uri.getHost() != null) {
      return parse(uri.getHost());
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      return parse(null);
    }
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      host = close < 0 ? host : host.substring(0, close + 1);
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0 && host.substring(colon + 1).matches("[0-9]*")) {
        host = host.substring(0, colon);
      }
    }
    EgressHost parsed = parse(host);
    return parsed.isAmbiguous()
        ? parsed
        : ambiguous(parsed.host(), host + " is not a host name or address that parsers read alike");
  }

  public boolean isAmbiguous() {
    return ambiguity != null;
  }

  public boolean isLiteral() {
    return literal != null;
  }

  /** The host as a URL writes it: IPv6 addresses in brackets. */
  public String display() {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  private static EgressHost ipv6(String host) {
    if (!host.endsWith("]") || host.length() < 4) {
      return ambiguous(host, host + " is not an IPv6 address");
    }
    String inner = host.substring(1, host.length() - 1);
    if (inner.indexOf('%') >= 0) {
      return ambiguous(inner, host + " is a scoped IPv6 address; its zone is not a destination");
    }
    if (!V6_CHARACTERS.matcher(inner).matches() || inner.indexOf(':') < 0) {
      return ambiguous(inner, host + " is not an IPv6 address");
    }
    try {
      // In brackets the JDK parses the literal and never asks DNS.
      return new EgressHost(inner, InetAddress.getByName("[" + inner + "]"), null);
    } catch (UnknownHostException e) {
      return ambiguous(inner, host + " is not an IPv6 address");
    }
  }

  /** WHATWG's "ends in a number": the last label, ignoring one trailing dot, is numeric. */
  private static boolean endsInNumber(String host) {
    String trimmed = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String last = trimmed.substring(trimmed.lastIndexOf('.') + 1);
    return !last.isEmpty() && NUMBER.matcher(last).matches();
  }

  private static EgressHost ambiguous(String host, String why) {
    return new EgressHost(host, null, why);
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }
}

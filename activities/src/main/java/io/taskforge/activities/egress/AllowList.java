package io.taskforge.activities.egress;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Destinations admitted although their addresses are denied by default. An entry is an address
 * range ({@code 10.0.0.0/8}, {@code fd00::/8}; any port), a single address ({@code 127.0.0.1},
 * {@code ::1}; any port), or {@code host:port}: a name ({@code billing.internal:443}, matched
 * against the URL's host, whatever it resolves to) or an address ({@code 127.0.0.1:9000}, {@code
 * [::1]:9000}) on that port only.
 */
public record AllowList(List<Cidr> ranges, List<Endpoint> endpoints) {
  public static final AllowList NONE = new AllowList(List.of(), List.of());

  public AllowList {
    ranges = List.copyOf(ranges);
    endpoints = List.copyOf(endpoints);
  }

  /**
   * Reads the entries of one configured list.
   *
   * @param key the configuration key, for error messages
   * @throws IllegalArgumentException naming the entry that is none of the forms above
   */
  public static AllowList parse(String key, List<String> entries) {
    List<Cidr> ranges = new ArrayList<>();
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i).trim();
      if (entry.isEmpty()) {
        continue;
      }
      try {
        if (entry.indexOf('/') >= 0 || isBareAddress(entry)) {
          ranges.add(Cidr.parse(entry));
        } else {
          endpoints.add(Endpoint.parse(entry, false));
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            key
                + "["
                + i
                + "]: "
                + e.getMessage()
                + " (expected a CIDR such as 10.0.0.0/8, an address, or host:port)",
            e);
      }
    }
    return new AllowList(ranges, endpoints);
  }

  /** Whether the list admits a connection to {@code address}, for {@code host} at {@code port}. */
  public boolean admits(EgressHost host, InetAddress address, int port) {
    for (Cidr range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    for (Endpoint endpoint : endpoints) {
      if (endpoint.port() != port) {
        continue;
      }
      EgressHost allowed = endpoint.host();
      if (allowed.isLiteral()
          ? sameAddress(allowed.literal(), address)
          : stripDot(allowed.host()).equals(stripDot(host.host()))) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return ranges.isEmpty() && endpoints.isEmpty();
  }

  private static boolean isBareAddress(String entry) {
    if (entry.startsWith("[")) {
      return entry.endsWith("]");
    }
    return entry.indexOf(':') != entry.lastIndexOf(':') // IPv6 has several colons
        || (entry.indexOf(':') < 0 && EgressHost.parse(entry).isLiteral());
  }

  /** Whether {@code candidate}, or the IPv4 address it carries, is {@code address}. */
  static boolean sameAddress(InetAddress address, InetAddress candidate) {
    return address.equals(candidate)
        || address.equals(AddressClassifier.embeddedV4(candidate.getAddress()));
  }

  private static String stripDot(String host) {
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }
}

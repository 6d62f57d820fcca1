package io.taskforge.activities.egress;

import java.net.InetAddress;
import java.util.Arrays;

/** An address range, {@code 10.0.0.0/8} or {@code fd00::/8}; a single address is a full prefix. */
public record Cidr(byte[] network, int prefix) {
  public Cidr {
    network = network.clone();
    if (prefix < 0 || prefix > network.length * 8) {
      throw new IllegalArgumentException("prefix /" + prefix + " does not fit the address");
    }
  }

  /**
   * Reads {@code 10.0.0.0/8}, {@code fd00::/8}, {@code [fd00::]/8}, or a single address.
   *
   * @throws IllegalArgumentException if it is none of these
   */
  public static Cidr parse(String text) {
    String value = text.trim();
    int slash = value.indexOf('/');
    String address = slash < 0 ? value : value.substring(0, slash);
    InetAddress parsed = literal(address, text);
    int bits = parsed.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(value.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' has no prefix length after the /");
      }
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("'" + text + "' has a prefix longer than the address");
    }
    return new Cidr(parsed.getAddress(), prefix);
  }

  /** An address written as a URL host would be, brackets optional for IPv6. */
  static InetAddress literal(String address, String context) {
    String host =
        address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
    EgressHost parsed = EgressHost.parse(host);
    if (!parsed.isLiteral()) {
      throw new IllegalArgumentException("'" + context + "' does not start with an IP address");
    }
    return parsed.literal();
  }

  /** Whether the address, or the IPv4 address it carries, is in this range. */
  public boolean contains(InetAddress address) {
    if (matches(address.getAddress())) {
      return true;
    }
    var embedded = AddressClassifier.embeddedV4(address.getAddress());
    return embedded != null && matches(embedded.getAddress());
  }

  private boolean matches(byte[] candidate) {
    if (candidate.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (candidate[full] & mask) == (network[full] & mask);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr cidr
        && prefix == cidr.prefix
        && Arrays.equals(network, cidr.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (java.net.UnknownHostException e) {
      return Arrays.toString(network) + "/" + prefix;
    }
  }
}

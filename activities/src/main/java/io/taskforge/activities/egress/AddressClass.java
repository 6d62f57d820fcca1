package io.taskforge.activities.egress;

import java.util.Locale;

/**
 * What kind of destination an address is. Every class but {@link #PUBLIC} is denied unless an
 * allow-list admits the address; each one's {@link #rule()} names it in refusals and metrics.
 */
public enum AddressClass {
  /** Globally routable unicast: allowed. */
  PUBLIC,
  /** {@code 0.0.0.0/8}, {@code ::}: reaches this host on most systems. */
  UNSPECIFIED,
  /** {@code 127.0.0.0/8}, {@code ::1}. */
  LOOPBACK,
  /** {@code 169.254.0.0/16}, {@code fe80::/10}. */
  LINK_LOCAL,
  /** Cloud instance metadata: {@code 169.254.169.254}, {@code fd00:ec2::254}. */
  METADATA,
  /**
   * RFC 1918 ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}), {@code fc00::/7}, {@code
   * fec0::/10}.
   */
  PRIVATE,
  /** Carrier-grade NAT, {@code 100.64.0.0/10}. */
  CGNAT,
  /** {@code 224.0.0.0/4}, {@code ff00::/8}. */
  MULTICAST,
  /** {@code 255.255.255.255}. */
  BROADCAST,
  /**
   * {@code 192.0.2/24}, {@code 198.51.100/24}, {@code 203.0.113/24}, {@code 2001:db8::/32}, {@code
   * 3fff::/20}.
   */
  DOCUMENTATION,
  /** {@code 198.18.0.0/15}, {@code 2001:2::/48}. */
  BENCHMARKING,
  /**
   * Special-purpose space that is no destination for a task: {@code 192.0.0/24}, {@code
   * 192.88.99/24}, {@code 240/4}, IETF protocol assignments {@code 2001::/23} (Teredo included),
   * discard-only {@code 100::/64}, local-use NAT64 {@code 64:ff9b:1::/48}, SRv6 {@code 5f00::/16},
   * and IPv6 outside global unicast {@code 2000::/3}.
   */
  RESERVED;

  /** The range in words, for refusals: "in the loopback range". */
  public String description() {
    return switch (this) {
      case PUBLIC -> "public";
      case METADATA -> "cloud metadata";
      case CGNAT -> "carrier-grade NAT";
      default -> rule();
    };
  }

  /** The rule's name in refusals and in the {@code rule} tag: {@code link-local}, {@code cgnat}. */
  public String rule() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public boolean isDenied() {
    return this != PUBLIC;
  }
}

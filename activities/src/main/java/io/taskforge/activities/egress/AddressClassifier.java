package io.taskforge.activities.egress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Classifies addresses by the ranges they fall in (IANA's special-purpose registries). An IPv6
 * address that carries an IPv4 address is classified by the IPv4 address it carries: IPv4-mapped
 * {@code ::ffff:a.b.c.d}, IPv4-translated {@code ::ffff:0:a.b.c.d}, IPv4-compatible {@code
 * ::a.b.c.d}, NAT64 {@code 64:ff9b::/96} and 6to4 {@code 2002::/16}; so {@code ::ffff:127.0.0.1} is
 * loopback and {@code 64:ff9b::8.8.8.8} (DNS64 on an IPv6-only network) is public. Pure: no I/O.
 */
public final class AddressClassifier {
  private AddressClassifier() {}

  /**
   * How one address is classified.
   *
   * @param embedded the IPv4 address an IPv6 address carries, which decided its class; null if none
   */
  public record Classification(AddressClass type, InetAddress address, Inet4Address embedded) {
    /** The address that decided the class: the embedded IPv4 address, or the address itself. */
    public InetAddress effective() {
      return embedded == null ? address : embedded;
    }
  }

  public static Classification classify(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      return new Classification(classifyV4(bytes), address, null);
    }
    Inet4Address embedded = embeddedV4(bytes);
    if (embedded != null) {
      return new Classification(classifyV4(embedded.getAddress()), address, embedded);
    }
    return new Classification(classifyV6(bytes), address, null);
  }

  /** The IPv4 address an IPv6 address carries by one of the embeddings above, or null. */
  public static Inet4Address embeddedV4(byte[] v6) {
    if (v6.length != 16 || isZero(v6, 0, 16) || isLoopbackV6(v6)) {
      return null;
    }
    int[] words = words(v6);
    boolean mapped = isZero(v6, 0, 10) && words[5] == 0xffff;
    boolean translated =
        isZero(v6, 0, 8) && words[4] == 0xffff && words[5] == 0; // ::ffff:0:a.b.c.d (SIIT)
    boolean compatible = isZero(v6, 0, 12);
    boolean nat64 = words[0] == 0x64 && words[1] == 0xff9b && isZero(v6, 4, 12);
    if (mapped || translated || compatible || nat64) {
      return v4(Arrays.copyOfRange(v6, 12, 16));
    }
    if (words[0] == 0x2002) { // 6to4: 2002:AABB:CCDD::/48 carries AA.BB.CC.DD
      return v4(Arrays.copyOfRange(v6, 2, 6));
    }
    return null;
  }

  static AddressClass classifyV4(byte[] a) {
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    int b2 = a[2] & 0xff;
    int b3 = a[3] & 0xff;
    if (b0 == 255 && b1 == 255 && b2 == 255 && b3 == 255) {
      return AddressClass.BROADCAST;
    }
    if (b0 == 0) {
      return AddressClass.UNSPECIFIED; // 0.0.0.0/8, "this network"
    }
    if (b0 == 127) {
      return AddressClass.LOOPBACK;
    }
    if (b0 == 169 && b1 == 254) {
      return b2 == 169 && b3 == 254 ? AddressClass.METADATA : AddressClass.LINK_LOCAL;
    }
    if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
      return AddressClass.PRIVATE;
    }
    if (b0 == 100 && (b1 & 0xc0) == 64) {
      return AddressClass.CGNAT;
    }
    if ((b0 == 192 && b1 == 0 && b2 == 2)
        || (b0 == 198 && b1 == 51 && b2 == 100)
        || (b0 == 203 && b1 == 0 && b2 == 113)) {
      return AddressClass.DOCUMENTATION;
    }
    if (b0 == 198 && (b1 & 0xfe) == 18) {
      return AddressClass.BENCHMARKING;
    }
    if ((b0 == 192 && b1 == 0 && b2 == 0) || (b0 == 192 && b1 == 88 && b2 == 99)) {
      return AddressClass.RESERVED; // IETF protocol assignments; the old 6to4 relay anycast
    }
    if ((b0 & 0xf0) == 224) {
      return AddressClass.MULTICAST;
    }
    if ((b0 & 0xf0) == 240) {
      return AddressClass.RESERVED;
    }
    return AddressClass.PUBLIC;
  }

  static AddressClass classifyV6(byte[] a) {
    int[] w = words(a);
    if (isZero(a, 0, 16)) {
      return AddressClass.UNSPECIFIED;
    }
    if (isLoopbackV6(a)) {
      return AddressClass.LOOPBACK;
    }
    if (w[0] == 0xfd00 && w[1] == 0x0ec2 && isZero(a, 4, 14) && w[7] == 0x254) {
      return AddressClass.METADATA; // AWS's IPv6 instance metadata, fd00:ec2::254
    }
    if ((w[0] & 0xff00) == 0xff00) {
      return AddressClass.MULTICAST;
    }
    if ((w[0] & 0xffc0) == 0xfe80) {
      return AddressClass.LINK_LOCAL;
    }
    if ((w[0] & 0xffc0) == 0xfec0 || (w[0] & 0xfe00) == 0xfc00) {
      return AddressClass.PRIVATE; // deprecated site-local; unique local
    }
    if ((w[0] == 0x2001 && w[1] == 0x0db8) || (w[0] == 0x3fff && (w[1] & 0xf000) == 0)) {
      return AddressClass.DOCUMENTATION;
    }
    if (w[0] == 0x2001 && w[1] == 0x0002 && w[2] == 0) {
      return AddressClass.BENCHMARKING;
    }
    if (w[0] == 0x2001 && w[1] < 0x0200) {
      return AddressClass.RESERVED; // 2001::/23, IETF protocol assignments (Teredo, ORCHID...)
    }
    if ((w[0] == 0x64 && w[1] == 0xff9b && w[2] == 1)
        || (w[0] == 0x100 && w[1] == 0 && w[2] == 0 && w[3] == 0)
        || w[0] == 0x5f00) {
      return AddressClass.RESERVED; // local-use NAT64, discard-only, SRv6 SIDs
    }
    if ((w[0] & 0xe000) != 0x2000) {
      return AddressClass.RESERVED; // outside global unicast 2000::/3
    }
    return AddressClass.PUBLIC;
  }

  private static boolean isLoopbackV6(byte[] a) {
    return isZero(a, 0, 15) && a[15] == 1;
  }

  private static boolean isZero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static int[] words(byte[] a) {
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    return words;
  }

  private static Inet4Address v4(byte[] bytes) {
    try {
      return (Inet4Address) InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }
}

package io.taskforge.activities.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every range the classifier knows, at and just beside its edges. Pure: nothing connects. */
class AddressClassifierTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "0.0.0.0, UNSPECIFIED",
    "0.1.2.3, UNSPECIFIED",
    "0.255.255.255, UNSPECIFIED",
    "1.0.0.0, PUBLIC",
    "127.0.0.1, LOOPBACK",
    "127.0.0.2, LOOPBACK",
    "127.255.255.254, LOOPBACK",
    "126.255.255.255, PUBLIC",
    "128.0.0.0, PUBLIC",
    "10.0.0.0, PRIVATE",
    "10.255.255.255, PRIVATE",
    "9.255.255.255, PUBLIC",
    "11.0.0.0, PUBLIC",
    "172.16.0.0, PRIVATE",
    "172.31.255.255, PRIVATE",
    "172.15.255.255, PUBLIC",
    "172.32.0.0, PUBLIC",
    "192.168.0.0, PRIVATE",
    "192.168.255.255, PRIVATE",
    "192.167.255.255, PUBLIC",
    "192.169.0.0, PUBLIC",
    "100.64.0.0, CGNAT",
    "100.127.255.255, CGNAT",
    "100.100.100.200, CGNAT",
    "100.63.255.255, PUBLIC",
    "100.128.0.0, PUBLIC",
    "169.254.0.0, LINK_LOCAL",
    "169.254.169.253, LINK_LOCAL",
    "169.254.169.254, METADATA",
    "169.254.170.2, LINK_LOCAL",
    "169.254.255.255, LINK_LOCAL",
    "169.253.255.255, PUBLIC",
    "169.255.0.0, PUBLIC",
    "192.0.0.0, RESERVED",
    "192.0.0.170, RESERVED",
    "192.0.0.255, RESERVED",
    "192.0.1.0, PUBLIC",
    "192.0.2.0, DOCUMENTATION",
    "192.0.2.255, DOCUMENTATION",
    "198.51.100.7, DOCUMENTATION",
    "203.0.113.9, DOCUMENTATION",
    "203.0.114.0, PUBLIC",
    "198.18.0.0, BENCHMARKING",
    "198.19.255.255, BENCHMARKING",
    "198.17.255.255, PUBLIC",
    "198.20.0.0, PUBLIC",
    "192.88.99.1, RESERVED",
    "192.88.100.0, PUBLIC",
    "224.0.0.0, MULTICAST",
    "224.0.0.251, MULTICAST",
    "239.255.255.250, MULTICAST",
    "223.255.255.255, PUBLIC",
    "240.0.0.0, RESERVED",
    "255.255.255.254, RESERVED",
    "255.255.255.255, BROADCAST",
    "8.8.8.8, PUBLIC",
    "93.184.216.34, PUBLIC",
  })
  void ipv4_isClassifiedByItsRange(String address, AddressClass expected) throws Exception {
    AddressClassifier.Classification classification =
        AddressClassifier.classify(InetAddress.getByName(address));

    assertThat(classification.type()).isEqualTo(expected);
    assertThat(classification.embedded()).isNull();
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "::, UNSPECIFIED",
    "::1, LOOPBACK",
    "0:0:0:0:0:0:0:1, LOOPBACK",
    "fe80::1, LINK_LOCAL",
    "febf:ffff::1, LINK_LOCAL",
    "fec0::1, PRIVATE",
    "feff::1, PRIVATE",
    "fc00::1, PRIVATE",
    "fd12:3456:789a::1, PRIVATE",
    "fdff:ffff::1, PRIVATE",
    "fd00:ec2::254, METADATA",
    "fd00:ec2::253, PRIVATE",
    "ff02::1, MULTICAST",
    "ff0e::101, MULTICAST",
    "2001:db8::1, DOCUMENTATION",
    "2001:db8:ffff::1, DOCUMENTATION",
    "3fff::1, DOCUMENTATION",
    "3fff:fff::1, DOCUMENTATION",
    "3fff:1000::1, PUBLIC",
    "2001:2::1, BENCHMARKING",
    "2001:2:1::1, RESERVED",
    "2001::1, RESERVED",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2, RESERVED",
    "2001:10::1, RESERVED",
    "2001:1ff::1, RESERVED",
    "2001:200::1, PUBLIC",
    "100::1, RESERVED",
    "100:0:0:1::1, RESERVED", // beside discard-only 100::/64, but outside 2000::/3 too
    "64:ff9b:1::1, RESERVED",
    "5f00::1, RESERVED",
    "4000::1, RESERVED",
    "1fff::1, RESERVED",
    "e000::1, RESERVED",
    "2606:4700:4700::1111, PUBLIC",
    "2a00:1450:4001::1, PUBLIC",
    "3ffe::1, PUBLIC",
  })
  void ipv6_isClassifiedByItsRange(String address, AddressClass expected) throws Exception {
    AddressClassifier.Classification classification = AddressClassifier.classify(v6(address));

    assertThat(classification.type()).isEqualTo(expected);
    assertThat(classification.embedded()).isNull();
  }

  @ParameterizedTest(name = "{0} carries {1}, {2}")
  @CsvSource({
    // IPv4-mapped
    "::ffff:127.0.0.1, 127.0.0.1, LOOPBACK",
    "::ffff:7f00:1, 127.0.0.1, LOOPBACK",
    "::ffff:10.0.0.1, 10.0.0.1, PRIVATE",
    "::ffff:169.254.169.254, 169.254.169.254, METADATA",
    "::ffff:0.0.0.0, 0.0.0.0, UNSPECIFIED",
    "::ffff:8.8.8.8, 8.8.8.8, PUBLIC",
    // IPv4-translated (SIIT)
    "::ffff:0:127.0.0.1, 127.0.0.1, LOOPBACK",
    "::ffff:0:192.168.1.1, 192.168.1.1, PRIVATE",
    // IPv4-compatible
    "::127.0.0.1, 127.0.0.1, LOOPBACK",
    "::10.1.2.3, 10.1.2.3, PRIVATE",
    "::0.0.0.2, 0.0.0.2, UNSPECIFIED",
    "::8.8.8.8, 8.8.8.8, PUBLIC",
    // NAT64
    "64:ff9b::127.0.0.1, 127.0.0.1, LOOPBACK",
    "64:ff9b::a9fe:a9fe, 169.254.169.254, METADATA",
    "64:ff9b::100.64.0.1, 100.64.0.1, CGNAT",
    "64:ff9b::8.8.8.8, 8.8.8.8, PUBLIC",
    // 6to4
    "2002:7f00:1::, 127.0.0.1, LOOPBACK",
    "2002:c0a8:101::1, 192.168.1.1, PRIVATE",
    "2002:a9fe:a9fe:1::1, 169.254.169.254, METADATA",
    "2002:e000:1::, 224.0.0.1, MULTICAST",
    "2002:808:808::1, 8.8.8.8, PUBLIC",
  })
  void ipv6CarryingIpv4_isClassifiedByTheIpv4Address(
      String address, String embedded, AddressClass expected) throws Exception {
    AddressClassifier.Classification classification = AddressClassifier.classify(v6(address));

    assertThat(classification.type()).isEqualTo(expected);
    assertThat(classification.embedded()).isEqualTo(InetAddress.getByName(embedded));
    assertThat(classification.effective()).isEqualTo(InetAddress.getByName(embedded));
  }

  @ParameterizedTest
  @CsvSource({"LINK_LOCAL, link-local", "CGNAT, cgnat", "METADATA, metadata", "PUBLIC, public"})
  void rule_isTheClassInKebabCase(AddressClass type, String rule) {
    assertThat(type.rule()).isEqualTo(rule);
    assertThat(type.isDenied()).isEqualTo(type != AddressClass.PUBLIC);
  }

  /** An IPv6 address as such, also where the JDK would turn an IPv4-mapped one into IPv4. */
  static InetAddress v6(String literal) throws UnknownHostException {
    byte[] bytes = InetAddress.getByName("[" + literal + "]").getAddress();
    if (bytes.length == 4) {
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(bytes, 0, mapped, 12, 4);
      bytes = mapped;
    }
    return Inet6Address.getByAddress(null, bytes, -1);
  }
}

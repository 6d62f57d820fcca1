package io.taskforge.activities.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.255.0.1, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "172.16.0.0/12, 172.31.1.1, true",
    "172.16.0.0/12, 172.32.0.1, false",
    "127.0.0.1, 127.0.0.1, true",
    "127.0.0.1, 127.0.0.2, false",
    "0.0.0.0/0, 8.8.8.8, true",
    "127.0.0.0/8, ::ffff:127.0.0.1, true",
    "127.0.0.0/8, ::1, false",
    "::1, ::1, true",
    "[::1], ::1, true",
    "fd00::/8, fd12::1, true",
    "fd00::/8, fe80::1, false",
    "::/0, 2001:db8::1, true",
    "::/0, 10.0.0.1, false",
    "10.0.0.0/8, 64:ff9b::a00:1, true",
  })
  void contains_matchesThePrefix(String cidr, String address, boolean expected) throws Exception {
    InetAddress parsed =
        address.contains(":") ? AddressClassifierTest.v6(address) : InetAddress.getByName(address);

    assertThat(Cidr.parse(cidr).contains(parsed)).isEqualTo(expected);
  }
}

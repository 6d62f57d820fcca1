package io.taskforge.activities.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How URL hosts are read: names, canonical addresses, and every ambiguous numeric spelling. */
class EgressHostTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.1",
        "127.0.1",
        "2130706433",
        "017700000001",
        "0177.0.0.1",
        "0177.1",
        "0x7f.1",
        "0x7f.0.0.1",
        "0X7F.0.0.1",
        "0x7f000001",
        "0x7f.0x0.0x0.0x1",
        "127.000.000.001",
        "127.0.0.01",
        "010.0.0.1",
        "127.0.0.1.",
        "1.2.3.4.5",
        "256.0.0.1",
        "127.0.0.256",
        "0",
        "00",
        "0x",
        "4294967295",
        "example.123",
        "example.0x10",
        "169.254.43518",
        "0xa9fea9fe",
        "3232235777",
      })
  void nonCanonicalNumericHost_isAmbiguous(String host) throws Exception {
    EgressHost parsed = EgressHost.parse(host);

    assertThat(parsed.isAmbiguous()).as(host).isTrue();
    assertThat(parsed.isLiteral()).isFalse();
    assertThat(parsed.ambiguity()).containsIgnoringCase(host);
    // The same host read from a URL, as callers read it.
    assertThat(EgressHost.parse(new URI("http://" + host + ":8080/x").getHost()).isAmbiguous())
        .isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 127.0.0.1",
    "0.0.0.0, 0.0.0.0",
    "10.0.0.1, 10.0.0.1",
    "169.254.169.254, 169.254.169.254",
    "255.255.255.255, 255.255.255.255",
    "8.8.8.8, 8.8.8.8",
  })
  void canonicalDottedQuad_isThatAddress(String host, String address) throws Exception {
    EgressHost parsed = EgressHost.parse(host);

    assertThat(parsed.isAmbiguous()).isFalse();
    assertThat(parsed.literal()).isEqualTo(InetAddress.getByName(address));
  }

  @ParameterizedTest
  @CsvSource({
    "[::1], ::1",
    "[0:0:0:0:0:0:0:1], ::1",
    "[::], ::",
    "[::ffff:127.0.0.1], 127.0.0.1",
    "[::FFFF:7F00:1], 127.0.0.1",
    "[fe80::1], fe80::1",
    "[64:ff9b::7f00:1], 64:ff9b::7f00:1",
  })
  void bracketedIpv6_isThatAddress(String host, String address) throws Exception {
    EgressHost parsed = EgressHost.parse(host);

    assertThat(parsed.isAmbiguous()).isFalse();
    assertThat(parsed.literal())
        .isEqualTo(InetAddress.getByName(address.contains(":") ? "[" + address + "]" : address));
    assertThat(parsed.display()).startsWith("[").endsWith("]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[fe80::1%eth0]", "[fe80::1%251]", "[::zz]", "[127.0.0.1]", "[]", "[::1"})
  void brokenOrScopedIpv6_isRefused(String host) {
    assertThat(EgressHost.parse(host).isAmbiguous()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "LOCALHOST",
        "example.com",
        "example.com.",
        "127.0.0.1.nip.io",
        "1e100.net",
        "0x7f.example",
        "metadata.google.internal",
        "a.b.c.d",
      })
  void name_isAName(String host) {
    EgressHost parsed = EgressHost.parse(host);

    assertThat(parsed.isAmbiguous()).isFalse();
    assertThat(parsed.isLiteral()).isFalse();
    assertThat(parsed.host()).isEqualTo(host.toLowerCase());
  }

  @Test
  void noHost_isRefused() {
    assertThat(EgressHost.parse(null).isAmbiguous()).isTrue();
    assertThat(EgressHost.parse("").isAmbiguous()).isTrue();
  }
}

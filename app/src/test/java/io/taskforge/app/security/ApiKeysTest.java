package io.taskforge.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  @Test
  void generatedKeys_startWithThePrefix_carry256RandomBits_andDiffer() {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String key = ApiKeys.generate();
      assertThat(key).startsWith("tf_").matches("tf_[A-Za-z0-9_-]{43}");
      keys.add(key);
    }
    assertThat(keys).hasSize(1000);
  }

  @Test
  void sha256Hex_isTheStandardDigest() {
    // printf %s tf_dev_local_only_not_for_production | sha256sum
    assertThat(ApiKeys.sha256Hex("tf_dev_local_only_not_for_production"))
        .isEqualTo("dd5bcb20ab0e603236102b6028aa100cdd295ff796b4cb82d83c3d568f9cb4dd");
  }

  @Test
  void matches_onlyTheSameHash() {
    byte[] hash = ApiKeys.sha256("tf_a");
    assertThat(ApiKeys.matches(hash, ApiKeys.sha256("tf_a"))).isTrue();
    assertThat(ApiKeys.matches(hash, ApiKeys.sha256("tf_b"))).isFalse();
  }

  @Test
  void parseHex_acceptsEitherCase_andRefusesAnythingButA256BitHash() {
    String hex = ApiKeys.sha256Hex("tf_a");
    assertThat(ApiKeys.parseHex(hex)).isEqualTo(ApiKeys.sha256("tf_a"));
    assertThat(ApiKeys.parseHex(hex.toUpperCase())).isEqualTo(ApiKeys.sha256("tf_a"));
    assertThat(ApiKeys.parseHex(hex.substring(2))).isNull();
    assertThat(ApiKeys.parseHex("z".repeat(64))).isNull();
    assertThat(ApiKeys.parseHex(null)).isNull();
  }

  @Test
  void shownPrefix_isTooShortToUse() {
    assertThat(ApiKeys.shownPrefix("tf_abcdefghijklmnop")).isEqualTo("tf_abcde");
  }
}

package io.taskforge.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfiguredApiKeysTest {
  private static final String DEV_HASH = ApiKeys.sha256Hex("tf_dev");

  @Test
  void devKeyAndConfiguredKeys_areFoundByTheirHash_withTheirTenantAndRole() {
    ConfiguredApiKeys keys =
        new ConfiguredApiKeys(
            settings(
                true,
                new SecuritySettings.ConfiguredKey(
                    "ci", "acme", ApiKeys.sha256Hex("tf_ci").toUpperCase(), false)));

    assertThat(keys.find(ApiKeys.sha256("tf_dev")).block().caller())
        .isEqualTo(new Caller("default", "config:dev", true, "api-key"));
    assertThat(keys.find(ApiKeys.sha256("tf_ci")).block().caller())
        .isEqualTo(new Caller("acme", "config:ci", false, "api-key"));
    assertThat(keys.find(ApiKeys.sha256("tf_other")).blockOptional()).isEmpty();
  }

  @Test
  void devKeyTurnedOff_isNotAccepted() {
    ConfiguredApiKeys keys = new ConfiguredApiKeys(settings(false));

    assertThat(keys.find(ApiKeys.sha256("tf_dev")).blockOptional()).isEmpty();
    assertThat(keys.all()).isEmpty();
  }

  @Test
  void malformedEntries_stopTheStart() {
    assertThatThrownBy(
            () ->
                new ConfiguredApiKeys(
                    settings(false, new SecuritySettings.ConfiguredKey("x", "acme", "abc", false))))
        .hasMessageContaining("api-keys[0].sha256");
    assertThatThrownBy(
            () ->
                new ConfiguredApiKeys(
                    settings(
                        false,
                        new SecuritySettings.ConfiguredKey("x", "Acme Corp", DEV_HASH, false))))
        .hasMessageContaining("api-keys[0].tenant");
    assertThatThrownBy(
            () ->
                new ConfiguredApiKeys(
                    settings(
                        false,
                        new SecuritySettings.ConfiguredKey("x", "a", ApiKeys.sha256Hex("1"), false),
                        new SecuritySettings.ConfiguredKey(
                            "x", "a", ApiKeys.sha256Hex("2"), false))))
        .hasMessageContaining("two configured API keys of tenant a");
  }

  @Test
  void sameNameInTwoTenants_isTwoKeys_eachActingForItsTenant() {
    ConfiguredApiKeys keys =
        new ConfiguredApiKeys(
            settings(
                false,
                new SecuritySettings.ConfiguredKey("ci", "a", ApiKeys.sha256Hex("tf_a"), false),
                new SecuritySettings.ConfiguredKey("ci", "b", ApiKeys.sha256Hex("tf_b"), false)));

    assertThat(keys.find(ApiKeys.sha256("tf_a")).block().caller())
        .isEqualTo(new Caller("a", "config:ci", false, "api-key"));
    assertThat(keys.find(ApiKeys.sha256("tf_b")).block().caller())
        .isEqualTo(new Caller("b", "config:ci", false, "api-key"));
    assertThat(keys.all()).extracting(KnownKey::id).containsExactly("a/config:ci", "b/config:ci");
  }

  private static SecuritySettings settings(boolean devKey, SecuritySettings.ConfiguredKey... keys) {
    return new SecuritySettings(
        new SecuritySettings.DevKey(devKey, DEV_HASH, "default"),
        List.of(keys),
        Duration.ofSeconds(15),
        new SecuritySettings.Jwt("tenant", "taskforge:admin", "roles", "taskforge-admin"));
  }
}

package io.taskforge.activities.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code taskforge.resources.*} as Spring binds it from configuration. */
class ResourceSettingsTest {

  private static ResourceSettings bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("taskforge.resources", ResourceSettings.class);
  }

  @Test
  void nothingConfigured_givesTheDocumentedDefaults() {
    ResourceSettings settings = bind(Map.of());

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.diskPath()).isEmpty();
    ResourceSettings.Alerts alerts = settings.alerts();
    assertThat(alerts.cpu()).isEqualTo(new ResourceSettings.Thresholds(true, 0.85, 0.95));
    assertThat(alerts.memory()).isEqualTo(new ResourceSettings.Thresholds(true, 0.85, 0.95));
    assertThat(alerts.disk()).isEqualTo(new ResourceSettings.Thresholds(true, 0.90, 0.95));
    assertThat(alerts.iowait()).isEqualTo(new ResourceSettings.Thresholds(true, 0.30, 0.50));
    assertThat(alerts.margin()).isEqualTo(0.05);
    assertThat(alerts.clearAfter()).isEqualTo(2);
    assertThat(alerts.historySize()).isEqualTo(100);
    assertThat(alerts.webhookUrl()).isEmpty();
    assertThat(alerts.webhookTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void oneLevelSet_keepsTheOtherLevelsDefault() {
    ResourceSettings settings =
        bind(
            Map.of(
                "taskforge.resources.alerts.memory.warning", "0.0001",
                "taskforge.resources.alerts.iowait.enabled", "false",
                "taskforge.resources.interval", "750ms"));

    assertThat(settings.alerts().memory())
        .isEqualTo(new ResourceSettings.Thresholds(true, 0.0001, 0.95));
    assertThat(settings.alerts().iowait().enabled()).isFalse();
    assertThat(settings.alerts().cpu().warning()).isEqualTo(0.85);
    assertThat(settings.interval()).isEqualTo(Duration.ofMillis(750));
  }

  @Test
  void warningAboveCritical_isRefusedNamingTheKey() {
    assertThatThrownBy(() -> bind(Map.of("taskforge.resources.alerts.disk.warning", "0.97")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("taskforge.resources.alerts.disk")
        .hasMessageContaining("must not be above critical");
  }

  @Test
  void thresholdAboveOne_isRefused() {
    assertThatThrownBy(() -> bind(Map.of("taskforge.resources.alerts.cpu.critical", "95")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("taskforge.resources.alerts.cpu.critical must be between 0 and 1");
  }

  @Test
  void webhookUrlThatIsNotHttp_isRefused() {
    assertThatThrownBy(
            () -> bind(Map.of("taskforge.resources.alerts.webhook-url", "ftp://example.com/x")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("webhook-url must be an http or https URL");
  }

  @Test
  void toString_neverShowsTheWebhookSecret() {
    ResourceSettings settings =
        bind(
            Map.of(
                "taskforge.resources.alerts.webhook-url", "https://alerts.example.com/hook",
                "taskforge.resources.alerts.webhook-secret", "s3cret"));

    assertThat(settings.toString()).doesNotContain("s3cret").contains("<set>");
  }
}

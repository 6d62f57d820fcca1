package io.taskforge.activities.resources;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The resource monitor ({@code taskforge.resources.*}).
 *
 * @param enabled sample and raise alerts in this process
 * @param interval how often to sample (at least 500ms)
 * @param diskPath the folder whose filesystem is watched (empty: the artifact folder)
 * @param alerts thresholds and where alerts go
 */
@ConfigurationProperties("taskforge.resources")
public record ResourceSettings(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("5s") Duration interval,
    @DefaultValue("") String diskPath,
    @DefaultValue Alerts alerts) {

  public ResourceSettings {
    interval = interval == null ? Duration.ofSeconds(5) : interval;
    diskPath = diskPath == null ? "" : diskPath.trim();
    alerts = alerts == null ? Alerts.defaults() : alerts;
    // OSHI caches CPU tick counts for 300 ms; closer samples would see no time pass.
    require(interval.toMillis() >= 500, "interval", "must be at least 500ms");
  }

  public static ResourceSettings defaults() {
    return new ResourceSettings(true, null, null, null);
  }

  /**
   * When to raise and clear alerts ({@code taskforge.resources.alerts.*}). An alert is raised at
   * the first sample at or above a level's threshold, and cleared (or lowered to warning) only
   * after {@code clearAfter} samples in a row below that threshold less {@code margin}, so a value
   * hovering at a threshold does not raise and clear it over and over.
   *
   * @param cpu CPU thresholds (default warning 0.85, critical 0.95)
   * @param memory memory thresholds (default 0.85, 0.95)
   * @param disk thresholds for the data folder's filesystem (default 0.90, 0.95)
   * @param iowait I/O wait thresholds (default 0.30, 0.50)
   * @param margin how far below a threshold a value must fall to count towards clearing (at most
   *     half the threshold, so that a threshold below the margin can still clear)
   * @param clearAfter samples in a row below threshold less margin that clear a level
   * @param historySize how many raised and cleared events {@code /api/v1/system/alerts} keeps
   * @param webhookUrl where each raise and clear is POSTed as JSON (empty: nowhere)
   * @param webhookSecret signs those POSTs like task webhooks (empty: unsigned)
   * @param webhookTimeout how long one POST may take, connecting included
   */
  public record Alerts(
      Thresholds cpu,
      Thresholds memory,
      Thresholds disk,
      Thresholds iowait,
      @DefaultValue("0.05") double margin,
      @DefaultValue("2") int clearAfter,
      @DefaultValue("100") int historySize,
      @DefaultValue("") String webhookUrl,
      @DefaultValue("") String webhookSecret,
      @DefaultValue("5s") Duration webhookTimeout) {

    public Alerts {
      cpu = Thresholds.orDefaults(cpu, "cpu", 0.85, 0.95);
      memory = Thresholds.orDefaults(memory, "memory", 0.85, 0.95);
      disk = Thresholds.orDefaults(disk, "disk", 0.90, 0.95);
      iowait = Thresholds.orDefaults(iowait, "iowait", 0.30, 0.50);
      webhookUrl = webhookUrl == null ? "" : webhookUrl.trim();
      webhookSecret = webhookSecret == null ? "" : webhookSecret;
      webhookTimeout = webhookTimeout == null ? Duration.ofSeconds(5) : webhookTimeout;
      require(margin >= 0 && margin < 1, "alerts.margin", "must be at least 0 and below 1");
      require(clearAfter >= 1, "alerts.clear-after", "must be at least 1");
      require(historySize >= 1, "alerts.history-size", "must be at least 1");
      require(
          !webhookTimeout.isNegative() && !webhookTimeout.isZero(),
          "alerts.webhook-timeout",
          "must be positive");
      if (!webhookUrl.isEmpty()) {
        require(isHttpUrl(webhookUrl), "alerts.webhook-url", "must be an http or https URL");
      }
    }

    public static Alerts defaults() {
      return new Alerts(null, null, null, null, 0.05, 2, 100, "", "", Duration.ofSeconds(5));
    }

    public Thresholds of(SystemResource resource) {
      return switch (resource) {
        case CPU -> cpu;
        case MEMORY -> memory;
        case DISK -> disk;
        case IOWAIT -> iowait;
      };
    }

    /** Never print the secret. */
    @Override
    public String toString() {
      return "Alerts[cpu=%s, memory=%s, disk=%s, iowait=%s, margin=%s, clearAfter=%d, webhookUrl=%s, webhookSecret=%s]"
          .formatted(
              cpu,
              memory,
              disk,
              iowait,
              margin,
              clearAfter,
              webhookUrl,
              webhookSecret.isEmpty() ? "<none>" : "<set>");
    }

    private static boolean isHttpUrl(String text) {
      try {
        URI uri = new URI(text);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
      } catch (java.net.URISyntaxException e) {
        return false;
      }
    }
  }

  /**
   * One resource's thresholds, as ratios from 0 to 1; a level left out keeps its default.
   *
   * @param enabled whether this resource raises alerts at all
   * @param warning the usage at which a warning is raised
   * @param critical the usage at which the alert becomes critical
   */
  public record Thresholds(@DefaultValue("true") boolean enabled, Double warning, Double critical) {

    static Thresholds orDefaults(Thresholds given, String name, double warning, double critical) {
      Thresholds t =
          given == null
              ? new Thresholds(true, warning, critical)
              : new Thresholds(
                  given.enabled(),
                  given.warning() == null ? warning : given.warning(),
                  given.critical() == null ? critical : given.critical());
      String key = "alerts." + name;
      require(isRatio(t.warning()), key + ".warning", "must be between 0 and 1");
      require(isRatio(t.critical()), key + ".critical", "must be between 0 and 1");
      // Setting one level alone can put it past the other's default: then both must be set.
      require(
          t.warning() <= t.critical(),
          key,
          "warning (" + t.warning() + ") must not be above critical (" + t.critical() + ")");
      return t;
    }

    public double threshold(AlertLevel level) {
      return level == AlertLevel.CRITICAL ? critical : warning;
    }

    private static boolean isRatio(double value) {
      return value >= 0 && value <= 1;
    }
  }

  private static void require(boolean condition, String key, String message) {
    if (!condition) {
      throw new IllegalArgumentException("taskforge.resources." + key + " " + message);
    }
  }
}

package io.taskforge.app.tenant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One token bucket per tenant, sized by its limits. Each app instance counts its own requests, so
 * behind N instances a tenant may get up to N times its rate; keep that in mind when setting it.
 * Rejections count in {@code taskforge.tenant.rate.limited} (tag {@code tenant}).
 */
@Component
public class TenantRateLimiter {
  private final TenantSettings settings;
  private final MeterRegistry meters;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  @Autowired
  public TenantRateLimiter(TenantSettings settings, ObjectProvider<MeterRegistry> meters) {
    this(settings, meters.getIfAvailable(() -> Metrics.globalRegistry), System::nanoTime);
  }

  TenantRateLimiter(TenantSettings settings, MeterRegistry meters, LongSupplier nanoTime) {
    this.settings = settings;
    this.meters = meters;
    this.nanoTime = nanoTime;
  }

  /** {@link Duration#ZERO} when the tenant may make a request now; else how long to wait. */
  public Duration acquire(String tenant) {
    TenantSettings.Limits limits = settings.limitsFor(tenant);
    if (!limits.rateLimited()) {
      return Duration.ZERO;
    }
    Duration wait =
        buckets
            .computeIfAbsent(
                tenant, t -> new TokenBucket(limits.requestsPerSecond(), limits.burst(), nanoTime))
            .tryTake();
    if (!wait.isZero()) {
      meters.counter("taskforge.tenant.rate.limited", "tenant", tenant).increment();
    }
    return wait;
  }
}

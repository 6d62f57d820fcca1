package io.taskforge.app.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TenantRateLimiterTest {
  private final AtomicLong now = new AtomicLong();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private final TenantSettings settings =
      new TenantSettings(
          new TenantSettings.Limits(1, 2, 0, 0),
          Map.of(
              "free",
              new TenantSettings.LimitOverride(0.0, null, null, null),
              "big",
              new TenantSettings.LimitOverride(null, 5, null, null)));
  private final TenantRateLimiter limiter = new TenantRateLimiter(settings, meters, now::get);

  @Test
  void eachTenant_hasABucketOfItsOwn() {
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(Duration.ofSeconds(1));
    assertThat(limiter.acquire("b")).isZero();
  }

  @Test
  void overrides_sizeTheTenantsBucket_andARateOfZeroIsUnlimited() {
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.acquire("big")).isZero();
    }
    assertThat(limiter.acquire("big")).isPositive();
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.acquire("free")).isZero();
    }
  }

  @Test
  void refusals_areCountedPerTenant() {
    limiter.acquire("a");
    limiter.acquire("a");
    limiter.acquire("a");
    limiter.acquire("a");

    assertThat(meters.counter("taskforge.tenant.rate.limited", "tenant", "a").count()).isEqualTo(2);
  }
}

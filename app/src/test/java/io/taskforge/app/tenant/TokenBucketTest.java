package io.taskforge.app.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void fullBucket_letsABurstThrough_thenSaysHowLongUntilTheNextToken() {
    TokenBucket bucket = new TokenBucket(2, 3, now::get);

    assertThat(bucket.tryTake()).isZero();
    assertThat(bucket.tryTake()).isZero();
    assertThat(bucket.tryTake()).isZero();
    assertThat(bucket.tryTake()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void tokens_refillAtTheRate_upToTheBurst() {
    TokenBucket bucket = new TokenBucket(2, 3, now::get);
    for (int i = 0; i < 3; i++) {
      bucket.tryTake();
    }

    now.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(bucket.tryTake()).isZero();
    assertThat(bucket.tryTake()).isPositive();

    now.addAndGet(Duration.ofMinutes(10).toNanos());
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.tryTake()).as("token %d after a long pause", i).isZero();
    }
    assertThat(bucket.tryTake()).isPositive();
  }

  @Test
  void waitAfterARefusal_isExactlyUntilTheNextToken() {
    TokenBucket bucket = new TokenBucket(1, 1, now::get);
    bucket.tryTake();

    Duration wait = bucket.tryTake();
    now.addAndGet(wait.toNanos() - 1);
    assertThat(bucket.tryTake()).isPositive();
    now.addAndGet(1);
    assertThat(bucket.tryTake()).isZero();
  }
}

package io.taskforge.activities.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.taskforge.activities.breaker.CircuitBreakerSettings.Overrides;
import io.taskforge.workflows.task.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {
  static final String TARGET = "http://api.example.test:80";
  static final String OTHER = "http://other.example.test:80";
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  final MutableClock clock = new MutableClock(START);

  static CircuitBreakerSettings tiny(Map<String, Overrides> targets) {
    return TestBreakers.tiny(targets);
  }

  CircuitBreakers breakers() {
    return new CircuitBreakers(tiny(Map.of()), clock);
  }

  static void fail(CircuitBreakers breakers, String target, int times) {
    for (int i = 0; i < times; i++) {
      try (BreakerPermit permit = breakers.acquire(BreakerKind.HTTP_REQUEST, target)) {
        permit.failure(new IOException("connection refused"));
      }
    }
  }

  static void succeed(CircuitBreakers breakers, String target, int times) {
    for (int i = 0; i < times; i++) {
      try (BreakerPermit permit = breakers.acquire(BreakerKind.HTTP_REQUEST, target)) {
        permit.success();
      }
    }
  }

  static ApplicationFailure refusal(CircuitBreakers breakers, String target) {
    try {
      breakers.acquire(BreakerKind.HTTP_REQUEST, target).close();
    } catch (ApplicationFailure e) {
      return e;
    }
    throw new AssertionError("the breaker let the call through");
  }

  static BreakerSnapshot state(CircuitBreakers breakers, String target) {
    return breakers.snapshot().stream()
        .filter(s -> s.target().equals(target))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void failuresBelowTheMinimumNumberOfCalls_keepItClosed() {
    CircuitBreakers breakers = breakers();
    fail(breakers, TARGET, 3);

    BreakerSnapshot state = state(breakers, TARGET);
    assertThat(state.state()).isEqualTo("CLOSED");
    assertThat(state.failureRate()).isNull(); // not enough calls to say
    assertThat(state.failedCalls()).isEqualTo(3);
    assertThat(state.name()).isEqualTo("http_request:" + TARGET);
    assertThat(state.kind()).isEqualTo("http_request");
  }

  @Test
  void failureRateAtTheThreshold_opens_andTheNextAttemptFailsFastWithTheRemainingWait() {
    CircuitBreakers breakers = breakers();
    succeed(breakers, TARGET, 2);
    fail(breakers, TARGET, 2);
    clock.advance(Duration.ofSeconds(10));

    ApplicationFailure refused = refusal(breakers, TARGET);

    assertThat(refused.getType()).isEqualTo(FailureTypes.CIRCUIT_OPEN);
    assertThat(refused.isNonRetryable()).isFalse();
    assertThat(refused.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(20));
    assertThat(refused.getOriginalMessage())
        .contains("http_request:" + TARGET)
        .contains("is open")
        .contains("50% of the last 4 calls")
        .contains("a retry waits 20s, until " + START.plusSeconds(30));
    assertThat(refused.getDetails().get(Map.class))
        .containsEntry("target", TARGET)
        .containsEntry("state", "OPEN")
        .containsEntry("retryAt", START.plusSeconds(30).toString());
    BreakerSnapshot state = state(breakers, TARGET);
    assertThat(state.state()).isEqualTo("OPEN");
    assertThat(state.failureRate()).isEqualTo(50f);
    assertThat(state.notPermittedCalls()).isEqualTo(1);
    assertThat(state.since()).isEqualTo(START);
    assertThat(state.retryAt()).isEqualTo(START.plusSeconds(30));
  }

  @Test
  void oneFailingTarget_doesNotStopCallsToAnother() {
    CircuitBreakers breakers = breakers();
    fail(breakers, TARGET, 4);

    refusal(breakers, TARGET);
    succeed(breakers, OTHER, 1);

    assertThat(state(breakers, OTHER).state()).isEqualTo("CLOSED");
  }

  @Test
  void afterTheWait_trialCallsGoThrough_andSuccessesClose() {
    CircuitBreakers breakers = breakers();
    fail(breakers, TARGET, 4);
    clock.advance(Duration.ofSeconds(31));

    BreakerPermit first = breakers.acquire(BreakerKind.HTTP_REQUEST, TARGET);
    BreakerPermit second = breakers.acquire(BreakerKind.HTTP_REQUEST, TARGET);
    assertThat(state(breakers, TARGET).state()).isEqualTo("HALF_OPEN");
    assertThat(state(breakers, TARGET).since()).isEqualTo(START.plusSeconds(31));

    // Both trial calls are out: a third attempt waits for the retry policy's backoff.
    ApplicationFailure busy = refusal(breakers, TARGET);
    assertThat(busy.getType()).isEqualTo(FailureTypes.CIRCUIT_OPEN);
    assertThat(busy.getNextRetryDelay()).isNull();
    assertThat(busy.getOriginalMessage()).contains("half-open");

    first.success();
    second.success();

    assertThat(state(breakers, TARGET).state()).isEqualTo("CLOSED");
    succeed(breakers, TARGET, 1);
  }

  @Test
  void aFailedTrialCall_opensItAgainForAnotherWait() {
    CircuitBreakers breakers = breakers();
    fail(breakers, TARGET, 4);
    clock.advance(Duration.ofSeconds(31));

    fail(breakers, TARGET, 2);

    assertThat(state(breakers, TARGET).state()).isEqualTo("OPEN");
    assertThat(refusal(breakers, TARGET).getNextRetryDelay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void permitsClosedWithoutAnOutcome_doNotCount() {
    CircuitBreakers breakers = breakers();
    for (int i = 0; i < 10; i++) {
      breakers.acquire(BreakerKind.HTTP_REQUEST, TARGET).close(); // e.g. cancelled tasks
    }

    assertThat(state(breakers, TARGET).bufferedCalls()).isZero();
  }

  @Test
  void kindsHaveTheirOwnBreakers_forTheSameTarget() {
    CircuitBreakers breakers = breakers();
    fail(breakers, TARGET, 4);

    try (BreakerPermit permit = breakers.acquire(BreakerKind.WEBHOOK, TARGET)) {
      permit.success();
    }

    assertThat(breakers.snapshot())
        .extracting(BreakerSnapshot::name, BreakerSnapshot::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("http_request:" + TARGET, "OPEN"),
            org.assertj.core.groups.Tuple.tuple("webhook:" + TARGET, "CLOSED"));
  }

  @Test
  void callerDetails_replaceTheDefaultDetails() {
    CircuitBreakers breakers = breakers();
    fail(breakers, TARGET, 4);

    assertThatThrownBy(
            () -> breakers.acquire(BreakerKind.HTTP_REQUEST, TARGET, message -> "outcome"))
        .asInstanceOf(type(ApplicationFailure.class))
        .satisfies(e -> assertThat(e.getDetails().get(String.class)).isEqualTo("outcome"));
  }

  @Test
  void targetOverrides_applyToThatTargetOnly() {
    Overrides longerWait =
        new Overrides(null, null, null, null, null, Duration.ofMinutes(5), null, null, null);
    Overrides off = new Overrides(false, null, null, null, null, null, null, null, null);
    // Keys are normalized: no port and a trailing slash still name the same origin.
    CircuitBreakers breakers =
        new CircuitBreakers(
            tiny(Map.of("http://api.example.test/", longerWait, "http://OTHER.example.test", off)),
            clock);

    fail(breakers, TARGET, 4);
    fail(breakers, OTHER, 10);

    assertThat(refusal(breakers, TARGET).getNextRetryDelay()).isEqualTo(Duration.ofMinutes(5));
    succeed(breakers, OTHER, 1); // no breaker at all
    assertThat(breakers.snapshot()).extracting(BreakerSnapshot::target).containsOnly(TARGET);
  }

  @Test
  void disabled_letsEveryCallThroughWithoutBreakers() {
    CircuitBreakerSettings tiny = tiny(Map.of());
    CircuitBreakers breakers =
        new CircuitBreakers(
            new CircuitBreakerSettings(
                false,
                tiny.failureRateThreshold(),
                tiny.slidingWindowType(),
                tiny.slidingWindowSize(),
                tiny.minimumCalls(),
                tiny.waitInOpenState(),
                tiny.permittedCallsInHalfOpenState(),
                null,
                100,
                1000,
                Map.of()),
            clock);

    fail(breakers, TARGET, 10);

    succeed(breakers, TARGET, 1);
    assertThat(breakers.snapshot()).isEmpty();
  }

  @Test
  void reset_closesAnOpenBreaker() {
    CircuitBreakers breakers = breakers();
    fail(breakers, TARGET, 4);
    clock.advance(Duration.ofSeconds(5));

    BreakerSnapshot reset = breakers.reset("http_request:" + TARGET).orElseThrow();

    assertThat(reset.state()).isEqualTo("CLOSED");
    assertThat(reset.bufferedCalls()).isZero();
    assertThat(reset.since()).isEqualTo(START.plusSeconds(5));
    succeed(breakers, TARGET, 1);
    assertThat(breakers.reset("http_request:http://nowhere.test:80")).isEmpty();
  }

  @Test
  void beyondMaxBreakers_idleClosedBreakersAreDropped_openOnesStay() {
    CircuitBreakerSettings tiny = tiny(Map.of());
    CircuitBreakers breakers =
        new CircuitBreakers(
            new CircuitBreakerSettings(
                true,
                tiny.failureRateThreshold(),
                tiny.slidingWindowType(),
                tiny.slidingWindowSize(),
                tiny.minimumCalls(),
                tiny.waitInOpenState(),
                tiny.permittedCallsInHalfOpenState(),
                null,
                100,
                3,
                Map.of()),
            clock);
    fail(breakers, TARGET, 4); // open
    for (int i = 1; i <= 4; i++) {
      clock.advance(Duration.ofSeconds(1));
      succeed(breakers, "http://host" + i + ".test:80", 1);
    }

    assertThat(breakers.snapshot())
        .extracting(BreakerSnapshot::target)
        .hasSizeLessThanOrEqualTo(3)
        .contains(TARGET, "http://host4.test:80")
        .doesNotContain("http://host1.test:80");
  }

  @Test
  void invalidSettings_failAtStartUp() {
    CircuitBreakerSettings tiny = tiny(Map.of());
    assertThatThrownBy(
            () ->
                new CircuitBreakers(
                    new CircuitBreakerSettings(
                        true,
                        150,
                        tiny.slidingWindowType(),
                        4,
                        4,
                        Duration.ofSeconds(1),
                        1,
                        null,
                        100,
                        10,
                        Map.of()),
                    clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                tiny(
                    Map.of(
                        "ftp://files.test",
                        new Overrides(null, null, null, null, null, null, null, null, null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://files.test");
  }
}

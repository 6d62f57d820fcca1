package io.taskforge.activities.egress;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Egress clients for tests of the task types that connect. */
public final class TestEgress {
  private static final EgressHttpClient LOOPBACK = client(List.of("127.0.0.0/8", "::1"));

  private TestEgress() {}

  /**
   * A client whose operator allow-list admits loopback, where the tests' local servers listen, and
   * nothing else; nothing is protected.
   */
  public static EgressHttpClient loopbackAllowed() {
    return LOOPBACK;
  }

  /**
   * A client with the operator allow-list {@code allow}, nothing protected, the system resolver.
   */
  public static EgressHttpClient client(List<String> allow) {
    EgressSettings settings =
        new EgressSettings(allow, Map.of(), List.of(), 5, Duration.ofSeconds(5));
    return new EgressHttpClient(
        new EgressPolicy(
            settings,
            ProtectedEndpoints.of(List.of()),
            EgressResolver.SYSTEM,
            new SimpleMeterRegistry()),
        Duration.ofSeconds(5));
  }
}

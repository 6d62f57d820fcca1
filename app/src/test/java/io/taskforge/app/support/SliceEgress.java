package io.taskforge.app.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskforge.activities.egress.EgressConfiguration;
import io.taskforge.activities.egress.EgressPolicy;
import io.taskforge.activities.egress.EgressSettings;
import io.taskforge.activities.egress.ProtectedEndpoints;
import io.taskforge.app.egress.SubmittedUrls;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The egress policy (application.yml's, deny by default) and its submission check, for a
 * {@code @WebFluxTest} slice that imports the request validators.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({EgressConfiguration.class, SubmittedUrls.class})
public class SliceEgress {
  /**
   * The submission check with the default policy, for tests that build validators by hand; it fails
   * the test if it ever resolves a name (submission checks never do).
   */
  public static SubmittedUrls submittedUrls() {
    return new SubmittedUrls(
        new EgressPolicy(
            EgressSettings.denyAll(),
            ProtectedEndpoints.of(List.of()),
            host -> {
              throw new AssertionError("submission resolved " + host);
            },
            new SimpleMeterRegistry()));
  }
}

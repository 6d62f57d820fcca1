package io.taskforge.activities.egress;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The process's one {@link EgressPolicy} and the {@link EgressHttpClient} that every task type,
 * webhook and item source connects through. The app picks this up by scanning.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EgressSettings.class)
public class EgressConfiguration {

  @Bean
  EgressPolicy egressPolicy(
      EgressSettings settings, Environment environment, ObjectProvider<MeterRegistry> registry) {
    List<Endpoint> configured = new ArrayList<>();
    List<String> entries = settings.protectedEndpoints();
    for (int i = 0; i < entries.size(); i++) {
      try {
        configured.add(Endpoint.parse(entries.get(i), true));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "taskforge.egress.protected[" + i + "]: " + e.getMessage(), e);
      }
    }
    ProtectedEndpoints endpoints =
        new ProtectedEndpoints(
            ProtectedEndpoints.fromProperties(configured, environment::getProperty),
            ProtectedEndpoints::isThisMachine);
    // A process without metrics (a test slice) still enforces the policy; it counts nowhere.
    return new EgressPolicy(
        settings,
        endpoints,
        EgressResolver.SYSTEM,
        registry.getIfAvailable(SimpleMeterRegistry::new));
  }

  @Bean(destroyMethod = "close")
  EgressHttpClient egressHttpClient(EgressPolicy policy, EgressSettings settings) {
    return new EgressHttpClient(policy, settings.connectTimeout());
  }
}

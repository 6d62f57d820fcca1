package io.taskforge.activities.breaker;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The process's one {@link CircuitBreakers} and its metrics ({@code resilience4j_circuitbreaker_*}
 * with tags name, caller and target), bound by Spring Boot to every meter registry the process has.
 * The app picks this up by scanning; the gpu-worker imports it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CircuitBreakerSettings.class)
public class CircuitBreakerConfiguration {

  @Bean
  CircuitBreakers circuitBreakers(CircuitBreakerSettings settings) {
    return new CircuitBreakers(settings, Clock.systemUTC());
  }

  @Bean
  MeterBinder circuitBreakerMetrics(CircuitBreakers breakers) {
    return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers.registry());
  }
}

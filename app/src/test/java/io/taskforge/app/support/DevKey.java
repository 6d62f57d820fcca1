package io.taskforge.app.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The development API key (tenant {@code default}, admin) that application.yml accepts. Every
 * autowired {@code WebTestClient} of an {@link EndToEndTest} or an {@link ApiSecurity} slice sends
 * it; a test that needs another caller mutates the client and sets its own header.
 */
public final class DevKey {
  public static final String KEY = "tf_dev_local_only_not_for_production";
  public static final String HEADER = "X-API-Key";

  private DevKey() {}

  /** Adds the key to the autowired WebTestClient. */
  @TestConfiguration(proxyBeanMethods = false)
  public static class Client {
    @Bean
    WebTestClientBuilderCustomizer devKeyHeader() {
      return builder -> builder.defaultHeader(HEADER, KEY);
    }
  }
}

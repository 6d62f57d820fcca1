package io.taskforge.app.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points the application at the shared test dev server, with artifacts under target/. The egress
 * policy stays application.yml's (deny by default) with two test additions: the default tenant may
 * reach loopback, where the tests' local servers listen (other tenants may not, which the denial
 * tests use), and the dev server's own HTTP API and UI ports are protected, as 7243 and 8233 are
 * for {@code make run}.
 */
public class TemporalDevServerInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TemporalDevServer server = TemporalDevServer.shared();
    TestPropertyValues.of(
            "spring.temporal.connection.target=" + server.address(),
            "taskforge.artifacts.dir=target/it-artifacts",
            "taskforge.egress.tenants.default.allow=127.0.0.0/8,::1",
            "taskforge.egress.protected="
                + server.httpPort()
                + ","
                + server.uiPort()
                + ",7243,8233,9091")
        .applyTo(context);
  }
}

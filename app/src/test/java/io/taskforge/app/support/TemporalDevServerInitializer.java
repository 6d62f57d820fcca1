package io.taskforge.app.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the application at the shared test dev server, with artifacts under target/. */
public class TemporalDevServerInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TemporalDevServer server = TemporalDevServer.shared();
    TestPropertyValues.of(
            "spring.temporal.connection.target=" + server.address(),
            "taskforge.artifacts.dir=target/it-artifacts")
        .applyTo(context);
  }
}

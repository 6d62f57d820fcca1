package io.taskforge.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Taskforge service: the REST API under {@code /api/v1} and, unless turned off, the worker that
 * runs workflows and CPU activities ({@code io.taskforge.activities}).
 */
@SpringBootApplication(scanBasePackages = "io.taskforge")
@ConfigurationPropertiesScan("io.taskforge.app")
public class TaskforgeApplication {
  public static void main(String[] args) {
    SpringApplication.run(TaskforgeApplication.class, args);
  }
}

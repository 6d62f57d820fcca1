package io.taskforge.gpuworker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The gpu-worker process: one per GPU host. It runs only GPU activities, on the shared {@code gpu}
 * queue and on its own {@code gpu@<workerId>} queue.
 *
 * <p>It scans only its own packages: the CPU task handlers and the workflow worker of {@code
 * io.taskforge.activities} are never beans here (and {@code taskforge.worker.enabled=false} says so
 * again); it reuses that module's dispatcher and artifact store by constructing them itself.
 */
@SpringBootApplication(scanBasePackages = "io.taskforge.gpuworker")
@ConfigurationPropertiesScan("io.taskforge.gpuworker")
public class GpuWorkerApplication {
  public static void main(String[] args) {
    SpringApplication.run(GpuWorkerApplication.class, args);
  }
}

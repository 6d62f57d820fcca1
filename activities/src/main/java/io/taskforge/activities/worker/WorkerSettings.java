package io.taskforge.activities.worker;

import io.taskforge.workflows.TaskQueues;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker that runs workflows and CPU activities ({@code taskforge.worker.*}). GPU workers are
 * sized by their GPU slots ({@code taskforge.gpu.*}), never by these settings.
 *
 * @param enabled run a worker in this process (the app does by default)
 * @param taskQueue the queue it polls for workflows and CPU activities
 * @param tuner how activity slots are sized: {@code resource-based} (by CPU and heap use, between
 *     {@code resource-based.min-activity-slots} and {@code max-activity-slots}) or {@code fixed}
 *     ({@code max-concurrent-activities})
 * @param maxConcurrentActivities CPU activities run at once, at most, when the tuner is fixed
 * @param maxConcurrentWorkflowTasks workflow tasks run at once, at most, with either tuner
 * @param resourceBased the resource-based tuner's targets and bounds
 */
@ConfigurationProperties("taskforge.worker")
public record WorkerSettings(
    @DefaultValue("true") boolean enabled,
    @DefaultValue(TaskQueues.DEFAULT) String taskQueue,
    @DefaultValue("resource-based") Tuner tuner,
    @DefaultValue("16") int maxConcurrentActivities,
    @DefaultValue("50") int maxConcurrentWorkflowTasks,
    @DefaultValue ResourceBased resourceBased) {

  @ConstructorBinding
  public WorkerSettings {
    tuner = tuner == null ? Tuner.RESOURCE_BASED : tuner;
    resourceBased = resourceBased == null ? ResourceBased.defaults() : resourceBased;
    require(maxConcurrentActivities >= 1, "max-concurrent-activities", "must be at least 1");
    require(maxConcurrentWorkflowTasks >= 1, "max-concurrent-workflow-tasks", "must be at least 1");
  }

  /** Fixed slots, as before the tuner existed (test fixtures construct settings this way). */
  public WorkerSettings(
      boolean enabled,
      String taskQueue,
      int maxConcurrentActivities,
      int maxConcurrentWorkflowTasks) {
    this(
        enabled,
        taskQueue,
        Tuner.FIXED,
        maxConcurrentActivities,
        maxConcurrentWorkflowTasks,
        ResourceBased.defaults());
  }

  /** How the worker decides how many activities to run at once. */
  public enum Tuner {
    /** Temporal's resource-based slot suppliers: more slots while CPU and heap are below target. */
    RESOURCE_BASED,
    /** A fixed number of slots. */
    FIXED;

    /** The name in configuration and the API: {@code resource-based}, {@code fixed}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * The resource-based tuner ({@code taskforge.worker.resource-based.*}); its bounds apply to
   * activities and local activities alike.
   *
   * @param targetCpu the machine's CPU use above which no further activity slot is handed out
   * @param targetMemory this JVM's heap use (of its maximum heap) above which none is handed out
   * @param minActivitySlots slots handed out whatever the load, so work always moves
   * @param maxActivitySlots slots never exceeded however idle the machine is
   * @param rampThrottle the least time between two slots handed out above the minimum, so the load
   *     of the last activity shows before the next is admitted
   */
  public record ResourceBased(
      @DefaultValue("0.8") double targetCpu,
      @DefaultValue("0.8") double targetMemory,
      @DefaultValue("8") int minActivitySlots,
      @DefaultValue("200") int maxActivitySlots,
      @DefaultValue("50ms") Duration rampThrottle) {

    public ResourceBased {
      rampThrottle = rampThrottle == null ? Duration.ofMillis(50) : rampThrottle;
      require(targetCpu > 0 && targetCpu <= 1, "resource-based.target-cpu", "must be in (0, 1]");
      require(
          targetMemory > 0 && targetMemory <= 1,
          "resource-based.target-memory",
          "must be in (0, 1]");
      require(minActivitySlots >= 1, "resource-based.min-activity-slots", "must be at least 1");
      require(
          maxActivitySlots >= minActivitySlots,
          "resource-based.max-activity-slots",
          "must be at least min-activity-slots (" + minActivitySlots + ")");
      require(!rampThrottle.isNegative(), "resource-based.ramp-throttle", "must not be negative");
    }

    public static ResourceBased defaults() {
      return new ResourceBased(0.8, 0.8, 8, 200, Duration.ofMillis(50));
    }
  }

  private static void require(boolean condition, String key, String message) {
    if (!condition) {
      throw new IllegalArgumentException("taskforge.worker." + key + " " + message);
    }
  }
}

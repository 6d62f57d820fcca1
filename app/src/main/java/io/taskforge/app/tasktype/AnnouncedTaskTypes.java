package io.taskforge.app.tasktype;

import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.worker.WorkerRegistryReader;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.taskforge.workflows.worker.AnnouncedTaskType;
import io.taskforge.workflows.worker.WorkerEntry;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The task types that workers outside the app announce to the worker registry (Python workers),
 * read from the registry in the background every {@code taskforge.task-types.refresh}, so that
 * submission never waits on Temporal for them. A type stays known while the registry lists any
 * worker that announced it, healthy or not (gone workers are forgotten after an hour); it is
 * available while one of those is healthy. Its tasks are accepted either way and wait in its queue
 * (SCHEDULED) until a worker polls it.
 */
@Component
public class AnnouncedTaskTypes implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(AnnouncedTaskTypes.class);

  /** What a type gets when its announcement names no retry policy or time limits. */
  static final RetrySpec DEFAULT_RETRY = RetrySpec.of(3, Duration.ofSeconds(1));

  static final TimeoutSpec DEFAULT_TIMEOUTS =
      new TimeoutSpec(Duration.ofHours(1), Duration.ofHours(1), null, Duration.ofSeconds(30));

  /** A type as announced, with whether a worker serves it now. */
  public record Announced(
      TaskTypeDefinition definition,
      Map<String, Object> paramsSchema,
      String runtime,
      boolean available,
      List<String> workers) {}

  private final TemporalApiClient temporal;
  private final Duration refresh;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private volatile Map<String, Announced> types = Map.of();
  private volatile Set<String> served = Set.of();
  private volatile Set<String> reserved = Set.of();
  private final Set<String> javaQueues;
  private ScheduledExecutorService schedule;

  public AnnouncedTaskTypes(
      TemporalApiClient temporal,
      WorkerSettings workerSettings,
      @Value("${taskforge.task-types.refresh:2s}") Duration refresh) {
    this.temporal = temporal;
    this.refresh = refresh;
    this.javaQueues =
        Stream.of(TaskQueues.DEFAULT, TaskQueues.GPU, workerSettings.taskQueue())
            .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Names that the app's own types hold, and the queues its Java workers poll: an announcement of
   * either is ignored (a Java worker would take the task and fail it as an unknown type).
   */
  void reserve(Set<String> names) {
    reserved = Set.copyOf(names);
  }

  public Optional<Announced> find(String name) {
    return Optional.ofNullable(types.get(name));
  }

  public List<Announced> all() {
    return List.copyOf(types.values());
  }

  /** Reads the registry now; blocking. */
  public void refreshNow() {
    List<WorkerEntry> workers = WorkerRegistryReader.workers(temporal).orElse(List.of());
    refreshFrom(workers);
  }

  /** Takes the types that the registry's entries announce. */
  public void refreshFrom(List<WorkerEntry> workers) {
    types = from(workers);
    served =
        workers.stream()
            .filter(WorkerEntry::healthy)
            .flatMap(entry -> entry.report().taskTypes().stream())
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether a healthy worker in the registry (a gpu-worker, say) reports serving the type. */
  public boolean servedByHealthyWorker(String name) {
    return served.contains(name);
  }

  /** The announced types in the registry's entries; the latest report of a type wins. */
  Map<String, Announced> from(List<WorkerEntry> workers) {
    Map<String, Announced> found = new TreeMap<>();
    List<WorkerEntry> newestFirst =
        workers.stream().sorted(Comparator.comparing(WorkerEntry::lastSeenAt).reversed()).toList();
    for (WorkerEntry entry : newestFirst) {
      for (AnnouncedTaskType type : entry.report().announcedTypes()) {
        Announced known = found.get(type.name());
        if (known == null) {
          definition(type, entry)
              .ifPresent(
                  d ->
                      found.put(
                          type.name(),
                          new Announced(
                              d,
                              type.paramsSchema(),
                              type.runtime(),
                              entry.healthy(),
                              List.of(entry.workerId()))));
        } else if (known.definition().taskQueue().equals(type.queue())) {
          List<String> serving =
              Stream.concat(known.workers().stream(), Stream.of(entry.workerId())).toList();
          found.put(
              type.name(),
              new Announced(
                  known.definition(),
                  known.paramsSchema(),
                  known.runtime(),
                  known.available() || entry.healthy(),
                  serving));
        }
      }
    }
    return Map.copyOf(found);
  }

  private Optional<TaskTypeDefinition> definition(AnnouncedTaskType type, WorkerEntry entry) {
    if (reserved.contains(type.name())) {
      warnOnce(type, entry, "a built-in type has this name");
      return Optional.empty();
    }
    if (javaQueues.contains(type.queue()) || type.queue().startsWith(TaskQueues.GPU + "@")) {
      warnOnce(type, entry, "its queue " + type.queue() + " belongs to the Java workers");
      return Optional.empty();
    }
    try {
      return Optional.of(
          new TaskTypeDefinition(
              type.name(),
              type.description(),
              type.queue(),
              JsonSchemaParams.of(type.paramsSchema()),
              type.defaultRetry() == null ? DEFAULT_RETRY : type.defaultRetry(),
              type.defaultTimeouts() == null ? DEFAULT_TIMEOUTS : type.defaultTimeouts()));
    } catch (RuntimeException e) {
      warnOnce(type, entry, e.getMessage());
      return Optional.empty();
    }
  }

  private void warnOnce(AnnouncedTaskType type, WorkerEntry entry, String why) {
    if (warned.add(entry.workerId() + "/" + type.name())) {
      log.warn(
          "ignoring task type {} announced by worker {}: {}", type.name(), entry.workerId(), why);
    }
  }

  @Override
  public void start() {
    schedule =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("announced-task-types").daemon().factory());
    schedule.scheduleWithFixedDelay(
        this::refreshQuietly, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void refreshQuietly() {
    try {
      refreshNow();
    } catch (RuntimeException e) {
      // Temporal unreachable: keep the last known types; the next round tries again.
      log.debug("could not read announced task types: {}", e.toString());
    }
  }

  @Override
  public void stop() {
    if (schedule != null) {
      schedule.shutdownNow();
      schedule = null;
    }
  }

  @Override
  public boolean isRunning() {
    return schedule != null;
  }
}

package io.taskforge.app.task;

import io.taskforge.activities.webhook.WebhookSettings;
import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.ApiSettings;
import io.taskforge.app.egress.SubmittedUrls;
import io.taskforge.app.tasktype.TaskTypeRegistry;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import io.taskforge.app.web.RequestChecks;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskDependency;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.Durations;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.taskforge.workflows.webhook.WebhookSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Checks a submitted task and turns it into the workflow's input, filling in the task type's
 * defaults. Every problem found is reported at once, each naming its field; nothing invalid ever
 * reaches Temporal.
 */
@Component
public class TaskRequestValidator {
  /** Ids become workflow ids and artifact folders: a safe, bounded alphabet. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

  public static final int MAX_ID = 128;
  static final int MAX_NAME = 200;
  static final int MAX_DESCRIPTION = 2000;
  static final int MAX_ATTEMPTS = 100;

  private final TaskTypeRegistry registry;
  private final String cpuTaskQueue;
  private final WebhookSettings webhookSettings;
  private final Duration maxDuration;
  private final Duration maxStartDelay;
  private final Clock clock;
  private final SubmittedUrls urls;

  @Autowired
  public TaskRequestValidator(
      TaskTypeRegistry registry,
      WorkerSettings workerSettings,
      WebhookSettings webhookSettings,
      ApiSettings apiSettings,
      SubmittedUrls urls) {
    this(registry, workerSettings, webhookSettings, apiSettings, urls, Clock.systemUTC());
  }

  /** With the default limits (tests). */
  public TaskRequestValidator(
      TaskTypeRegistry registry,
      WorkerSettings workerSettings,
      WebhookSettings webhookSettings,
      SubmittedUrls urls) {
    this(
        registry,
        workerSettings,
        webhookSettings,
        new ApiSettings(Duration.ofSeconds(5), DataSize.ofMegabytes(1), Duration.ofSeconds(5)),
        urls);
  }

  TaskRequestValidator(
      TaskTypeRegistry registry,
      WorkerSettings workerSettings,
      WebhookSettings webhookSettings,
      ApiSettings apiSettings,
      SubmittedUrls urls,
      Clock clock) {
    this.registry = registry;
    this.cpuTaskQueue = workerSettings.taskQueue();
    this.webhookSettings = webhookSettings;
    this.maxDuration = apiSettings.maxDuration();
    this.maxStartDelay = apiSettings.maxStartDelay();
    this.urls = urls;
    this.clock = clock;
  }

  /** The longest duration a request may give ({@code taskforge.api.max-duration}). */
  public Duration maxDuration() {
    return maxDuration;
  }

  /** CPU types run on the queue of the workers that run the workflows, whatever it is named. */
  private String activityTaskQueue(TaskTypeDefinition type) {
    return TaskQueues.DEFAULT.equals(type.taskQueue()) ? cpuTaskQueue : type.taskQueue();
  }

  /** A valid submission, ready to start. */
  public record ValidTask(
      String id,
      TaskTypeDefinition type,
      String name,
      String description,
      Map<String, String> metadata,
      TaskInput input) {}

  /**
   * @param tenant who submits it: the egress policy checks literal URLs with its allow-list
   */
  public ValidTask validate(SubmitTaskRequest request, String tenant) {
    if (request == null) {
      throw Problems.invalid("body", "is required");
    }
    List<FieldProblem> errors = new ArrayList<>();
    checkId(request.id(), errors);
    RequestChecks.checkLength("name", request.name(), MAX_NAME, errors);
    RequestChecks.checkLength("description", request.description(), MAX_DESCRIPTION, errors);
    Map<String, String> metadata = request.metadata() == null ? Map.of() : request.metadata();
    RequestChecks.checkMetadata(metadata, errors);

    TaskTypeDefinition type = null;
    if (request.type() == null || request.type().isBlank()) {
      errors.add(new FieldProblem("type", "is required"));
    } else {
      type = registry.find(request.type()).orElse(null);
      if (type == null) {
        errors.add(
            new FieldProblem("type", "unknown task type; GET /api/v1/task-types lists them"));
      }
    }
    Map<String, Object> params = request.params() == null ? Map.of() : request.params();
    if (type != null) {
      // Each param, then the params together with their defaults (the type's rules).
      type.validate(params)
          .forEach(error -> errors.add(new FieldProblem(error.field(), error.message())));
      checkDurationParams(type, params, errors);
      urls.checkParams(tenant, type, params, errors);
    }
    TaskPriority priority = priority(request.priority(), errors);
    RetrySpec retry = type == null ? null : retry(request.retry(), type.defaultRetry(), errors);
    TimeoutSpec timeouts =
        type == null ? null : timeouts(request.timeouts(), type.defaultTimeouts(), errors);
    boolean manualStart = Boolean.TRUE.equals(request.manualStart());
    Instant startAt = startAt(request.startAt(), errors);
    if (manualStart && startAt != null) {
      errors.add(new FieldProblem("startAt", "cannot be combined with manualStart"));
    }
    List<TaskDependency> dependencies =
        TaskLinks.dependencies(request.dependencies(), request.id(), errors);
    WebhookSpec webhook =
        TaskLinks.webhook(
            request.webhook(),
            webhookSettings,
            url -> urls.check(tenant, "webhook.url", url, errors),
            errors);
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    TaskInput input =
        new TaskInput(
            type.name(),
            type.withDefaults(params),
            priority,
            activityTaskQueue(type),
            retry,
            timeouts,
            manualStart,
            startAt,
            dependencies,
            webhook);
    String name = request.name() == null || request.name().isBlank() ? type.name() : request.name();
    return new ValidTask(
        request.id(), type, name, request.description(), Map.copyOf(metadata), input);
  }

  static void checkId(String id, List<FieldProblem> errors) {
    if (id == null) {
      return;
    }
    if (id.length() > MAX_ID) {
      errors.add(new FieldProblem("id", "must be at most " + MAX_ID + " characters"));
    } else if (!ID.matcher(id).matches()) {
      errors.add(
          new FieldProblem(
              "id", "may contain only letters, digits and . _ : - and must start with one"));
    }
  }

  static TaskPriority priority(String value, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return TaskPriority.NORMAL;
    }
    try {
      return TaskPriority.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      errors.add(new FieldProblem("priority", "must be one of LOW, NORMAL, HIGH, CRITICAL"));
      return TaskPriority.NORMAL;
    }
  }

  RetrySpec retry(SubmitTaskRequest.Retry given, RetrySpec defaults, List<FieldProblem> errors) {
    if (given == null) {
      return defaults;
    }
    int maxAttempts =
        given.maxAttempts() == null ? defaults.maximumAttempts() : given.maxAttempts();
    if (maxAttempts < 0 || maxAttempts > MAX_ATTEMPTS) {
      errors.add(new FieldProblem("retry.maxAttempts", "must be between 0 and " + MAX_ATTEMPTS));
    }
    Duration initial =
        duration("retry.initialInterval", given.initialInterval(), errors)
            .orElse(defaults.initialInterval());
    Duration maximum =
        duration("retry.maximumInterval", given.maximumInterval(), errors)
            .orElse(
                given.initialInterval() == null
                    ? defaults.maximumInterval()
                    : max(defaults.maximumInterval(), initial));
    double coefficient =
        given.backoffCoefficient() == null
            ? defaults.backoffCoefficient()
            : given.backoffCoefficient();
    if (coefficient < 1 || coefficient > 100) {
      errors.add(new FieldProblem("retry.backoffCoefficient", "must be between 1 and 100"));
    }
    if (initial.isZero()) {
      errors.add(new FieldProblem("retry.initialInterval", "must be positive"));
    }
    if (maximum.compareTo(initial) < 0) {
      errors.add(
          new FieldProblem("retry.maximumInterval", "must not be shorter than initialInterval"));
    }
    List<String> nonRetryable =
        given.nonRetryableErrorTypes() == null
            ? defaults.nonRetryableErrorTypes()
            : given.nonRetryableErrorTypes();
    if (nonRetryable.stream().anyMatch(t -> t == null || t.isBlank())) {
      errors.add(new FieldProblem("retry.nonRetryableErrorTypes", "must not contain blanks"));
      nonRetryable = List.of();
    }
    if (!errors.isEmpty()) {
      return defaults;
    }
    return new RetrySpec(maxAttempts, initial, coefficient, maximum, nonRetryable);
  }

  TimeoutSpec timeouts(
      SubmitTaskRequest.Timeouts given, TimeoutSpec defaults, List<FieldProblem> errors) {
    if (given == null) {
      return defaults;
    }
    Duration execution =
        duration("timeouts.execution", given.execution(), errors).orElse(defaults.execution());
    Duration attempt =
        duration("timeouts.attempt", given.attempt(), errors)
            .orElse(min(defaults.attempt(), execution));
    Duration queue = duration("timeouts.queue", given.queue(), errors).orElse(defaults.queue());
    Duration heartbeat =
        duration("timeouts.heartbeat", given.heartbeat(), errors).orElse(defaults.heartbeat());
    if (attempt.compareTo(execution) > 0) {
      errors.add(new FieldProblem("timeouts.attempt", "must not be longer than execution"));
    }
    for (var entry :
        Map.of(
                "timeouts.execution", execution,
                "timeouts.attempt", attempt,
                "timeouts.heartbeat", heartbeat)
            .entrySet()) {
      if (entry.getValue().isZero()) {
        errors.add(new FieldProblem(entry.getKey(), "must be positive"));
      }
    }
    return new TimeoutSpec(execution, attempt, queue, heartbeat);
  }

  /** A duration field, at most {@code taskforge.api.max-duration}. */
  Optional<Duration> duration(String field, String value, List<FieldProblem> errors) {
    return duration(field, value, maxDuration, errors);
  }

  /**
   * A duration field, at most {@code max}; empty when absent or invalid (then an error says so).
   */
  static Optional<Duration> duration(
      String field, String value, Duration max, List<FieldProblem> errors) {
    if (value == null) {
      return Optional.empty();
    }
    Optional<Duration> parsed = Durations.parse(value);
    if (parsed.isEmpty()) {
      errors.add(new FieldProblem(field, "must be a duration such as PT30S, 30s, 5m, 2h or 1d"));
    } else if (parsed.get().compareTo(max) > 0) {
      errors.add(new FieldProblem(field, atMost(max)));
      return Optional.empty();
    }
    return parsed;
  }

  /** Duration params (a sleep's duration, a call's timeout) within the same maximum. */
  private void checkDurationParams(
      TaskTypeDefinition type, Map<String, Object> params, List<FieldProblem> errors) {
    for (ParamSpec spec : type.params()) {
      if (spec.type() == ParamType.DURATION
          && params.get(spec.name()) instanceof String text
          && Durations.parse(text).filter(d -> d.compareTo(maxDuration) > 0).isPresent()) {
        errors.add(new FieldProblem("params." + spec.name(), atMost(maxDuration)));
      }
    }
  }

  /** "must be at most 365 days (taskforge.api.max-duration)". */
  public static String atMost(Duration max) {
    String amount =
        max.toSeconds() % 86_400 == 0 && max.toDays() > 0 ? max.toDays() + " days" : max.toString();
    return "must be at most " + amount;
  }

  private Instant startAt(String value, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Instant startAt;
    try {
      startAt = Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      errors.add(
          new FieldProblem("startAt", "must be an ISO-8601 instant such as 2026-01-31T09:00:00Z"));
      return null;
    }
    Instant latest = clock.instant().plus(maxStartDelay);
    if (startAt.isAfter(latest)) {
      errors.add(
          new FieldProblem(
              "startAt",
              "must be at most "
                  + atMost(maxStartDelay).substring("must be at most ".length())
                  + " from now (before "
                  + latest.truncatedTo(ChronoUnit.SECONDS)
                  + ")"));
      return null;
    }
    return startAt;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}

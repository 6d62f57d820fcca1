package io.taskforge.app.task;

import io.taskforge.activities.webhook.WebhookSettings;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.workflows.task.TaskDependency;
import io.taskforge.workflows.taskgroup.DependencyCondition;
import io.taskforge.workflows.webhook.WebhookSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks what ties a submitted task to others: its dependencies (their shape; whether they exist is
 * checked against Temporal by {@link TaskService}) and its webhook. Every problem names its field.
 */
final class TaskLinks {
  static final int MAX_DEPENDENCIES = 100;
  static final int MAX_URL = 2000;
  static final int MAX_SECRET = 256;
  static final int MAX_WEBHOOK_ATTEMPTS = 20;
  static final Duration MAX_WEBHOOK_INTERVAL = Duration.ofHours(1);

  private TaskLinks() {}

  /**
   * The dependencies, or an empty list when there are problems. No cycle check is needed: a task
   * may only depend on tasks that exist already (and never on itself), whose dependencies were
   * fixed when they were submitted.
   */
  static List<TaskDependency> dependencies(
      List<SubmitTaskRequest.Dependency> given, String ownId, List<FieldProblem> errors) {
    if (given == null || given.isEmpty()) {
      return List.of();
    }
    if (given.size() > MAX_DEPENDENCIES) {
      errors.add(
          new FieldProblem("dependencies", "may name at most " + MAX_DEPENDENCIES + " tasks"));
      return List.of();
    }
    int before = errors.size();
    List<TaskDependency> dependencies = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < given.size(); i++) {
      String field = "dependencies[" + i + "]";
      SubmitTaskRequest.Dependency dependency = given.get(i);
      if (dependency == null || dependency.taskId() == null || dependency.taskId().isBlank()) {
        errors.add(new FieldProblem(field + ".taskId", "is required"));
        continue;
      }
      String taskId = dependency.taskId();
      if (taskId.length() > TaskRequestValidator.MAX_ID
          || !TaskRequestValidator.ID.matcher(taskId).matches()) {
        errors.add(new FieldProblem(field + ".taskId", "is not a task id"));
        continue;
      }
      if (taskId.equals(ownId)) {
        errors.add(new FieldProblem(field + ".taskId", "a task cannot depend on itself"));
        continue;
      }
      Integer first = seen.putIfAbsent(taskId, i);
      if (first != null) {
        errors.add(
            new FieldProblem(
                field + ".taskId", "repeats dependencies[" + first + "]: name a task once"));
        continue;
      }
      Optional<DependencyCondition> condition =
          condition(dependency.requiredStatus(), field + ".requiredStatus", errors);
      condition.ifPresent(c -> dependencies.add(new TaskDependency(taskId, c)));
    }
    return errors.size() == before ? List.copyOf(dependencies) : List.of();
  }

  private static Optional<DependencyCondition> condition(
      String value, String field, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return Optional.of(DependencyCondition.COMPLETED);
    }
    try {
      return Optional.of(DependencyCondition.valueOf(value.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      errors.add(
          new FieldProblem(field, "must be one of " + List.of(DependencyCondition.values())));
      return Optional.empty();
    }
  }

  /**
   * The webhook, or null when there is none or it has problems.
   *
   * @param egress checks a well-formed URL against the egress policy, adding its problems
   */
  static WebhookSpec webhook(
      SubmitTaskRequest.Webhook given,
      WebhookSettings settings,
      Consumer<String> egress,
      List<FieldProblem> errors) {
    if (given == null) {
      return null;
    }
    int before = errors.size();
    if (checkUrl(given.url(), errors)) {
      egress.accept(given.url().trim());
    }
    if (given.secret() != null
        && (given.secret().isEmpty() || given.secret().length() > MAX_SECRET)) {
      errors.add(new FieldProblem("webhook.secret", "must be 1 to " + MAX_SECRET + " characters"));
    }
    if (given.secret() != null && given.secretRef() != null) {
      errors.add(new FieldProblem("webhook.secretRef", "cannot be combined with webhook.secret"));
    } else if (given.secretRef() != null && !settings.hasNamedSecret(given.secretRef())) {
      errors.add(
          new FieldProblem(
              "webhook.secretRef", "names no secret configured in taskforge.webhooks.secrets"));
    } else if (given.secret() == null
        && given.secretRef() == null
        && !settings.hasDefaultSecret()) {
      errors.add(
          new FieldProblem(
              "webhook.secret",
              "is required: no default secret is configured (taskforge.webhooks.secret)"));
    }
    int maxAttempts =
        given.maxAttempts() == null ? WebhookSpec.DEFAULT_MAX_ATTEMPTS : given.maxAttempts();
    if (maxAttempts < 1 || maxAttempts > MAX_WEBHOOK_ATTEMPTS) {
      errors.add(
          new FieldProblem("webhook.maxAttempts", "must be between 1 and " + MAX_WEBHOOK_ATTEMPTS));
    }
    Duration initial =
        TaskRequestValidator.duration(
                "webhook.initialInterval", given.initialInterval(), Duration.ofDays(365), errors)
            .orElse(WebhookSpec.DEFAULT_INITIAL_INTERVAL);
    if (initial.isZero() || initial.compareTo(MAX_WEBHOOK_INTERVAL) > 0) {
      errors.add(
          new FieldProblem("webhook.initialInterval", "must be positive and at most 1 hour"));
    }
    if (errors.size() > before) {
      return null;
    }
    return new WebhookSpec(
        given.url().trim(), given.secret(), given.secretRef(), maxAttempts, initial);
  }

  /** Whether the URL is well formed; adds its problem when it is not. */
  private static boolean checkUrl(String url, List<FieldProblem> errors) {
    if (url == null || url.isBlank()) {
      errors.add(new FieldProblem("webhook.url", "is required"));
      return false;
    }
    if (url.length() > MAX_URL) {
      errors.add(new FieldProblem("webhook.url", "must be at most " + MAX_URL + " characters"));
      return false;
    }
    try {
      URI uri = new URI(url.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        errors.add(new FieldProblem("webhook.url", "must be an http or https URL"));
        return false;
      } else if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
        errors.add(new FieldProblem("webhook.url", "has no host"));
        return false;
      }
      return true;
    } catch (URISyntaxException e) {
      errors.add(new FieldProblem("webhook.url", "is not a valid URL"));
      return false;
    }
  }
}

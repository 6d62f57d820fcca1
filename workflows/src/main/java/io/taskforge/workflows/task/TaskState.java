package io.taskforge.workflows.task;

import io.taskforge.workflows.webhook.WebhookOutcome;
import java.time.Instant;
import java.util.Map;

/**
 * A task's state as its workflow knows it, answered by the {@code state} query.
 *
 * @param dependencies each dependency's final status, null while it is open
 * @param reason why a SKIPPED task was skipped
 */
public record TaskState(
    TaskStatus status,
    int attempt,
    Instant startedAt,
    TaskOutput output,
    TaskFailure failure,
    Map<String, TaskStatus> dependencies,
    String reason,
    WebhookOutcome webhook) {}

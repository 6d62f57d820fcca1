package io.taskforge.workflows.webhook;

/**
 * How a webhook delivery went.
 *
 * @param attempts how many POSTs were made
 * @param lastStatus the HTTP status of the last answer, 0 when there was none
 * @param lastError why the last attempt failed, null when it succeeded
 */
public record WebhookOutcome(
    String url, boolean delivered, int attempts, int lastStatus, String lastError) {}

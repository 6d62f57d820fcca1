package io.taskforge.workflows.agency;

import java.time.Instant;

/**
 * Two writers gave the same top-level context key different values. The first value stays; the
 * second is kept here, never written.
 *
 * @param keptFrom who wrote the value that stays ({@code context}, {@code api} or {@code
 *     group:<name>})
 * @param rejectedFrom who tried to write a different one
 */
public record ContextConflict(
    String key,
    Object keptValue,
    String keptFrom,
    Object rejectedValue,
    String rejectedFrom,
    Instant at) {}

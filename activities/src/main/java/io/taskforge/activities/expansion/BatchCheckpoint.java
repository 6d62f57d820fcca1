package io.taskforge.activities.expansion;

/**
 * The heartbeat details of a running batch. A retried attempt that finds them (or whose attempt
 * number is above 1) trusts the batch's partial file, where every finished item was appended before
 * the heartbeat that counted it.
 *
 * @param lastCompletedIndex the last item finished, {@code from - 1} before the first
 * @param completed items of the range finished so far, kept ones included
 */
public record BatchCheckpoint(long from, long to, long lastCompletedIndex, long completed) {}

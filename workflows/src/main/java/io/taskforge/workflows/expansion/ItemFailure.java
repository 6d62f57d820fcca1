package io.taskforge.workflows.expansion;

/** An item of an expansion that failed: its index, and why. */
public record ItemFailure(long index, String type, String message, int attempts) {}

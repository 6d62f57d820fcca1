package io.taskforge.workflows.tasktype;

/** A problem with one parameter, named by its path such as {@code params.url}. */
public record ParamError(String field, String message) {}

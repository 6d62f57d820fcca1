package io.taskforge.app.web;

/** One offending field of a request, named by its JSON path such as {@code params.url}. */
public record FieldProblem(String field, String message) {}

package io.taskforge.workflows.tasktype;

import java.util.Objects;

/** Thrown by parameter readers that find a bad value; carries the field and what is wrong. */
public final class InvalidParamException extends RuntimeException {
  private final transient ParamError error;

  public InvalidParamException(String field, String message) {
    super(field + " " + message);
    this.error = new ParamError(Objects.requireNonNull(field), Objects.requireNonNull(message));
  }

  public ParamError error() {
    return error;
  }
}

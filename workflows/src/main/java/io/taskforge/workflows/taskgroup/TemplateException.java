package io.taskforge.workflows.taskgroup;

import java.util.Objects;

/** A template that is malformed or refers to something that is not there. */
public class TemplateException extends RuntimeException {

  private final String template;
  private final String problem;

  public TemplateException(String template, String problem) {
    super("template '" + template + "': " + problem);
    this.template = Objects.requireNonNull(template, "template");
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The template exactly as written, braces included, such as {@code {{ context.url }}}. */
  public String template() {
    return template;
  }

  /** What is wrong, without the template. */
  public String problem() {
    return problem;
  }
}

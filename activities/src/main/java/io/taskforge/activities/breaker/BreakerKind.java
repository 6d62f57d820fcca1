package io.taskforge.activities.breaker;

/** What calls an outside service through a breaker; part of the breaker's name and tags. */
public enum BreakerKind {
  HTTP_REQUEST("http_request"),
  OPENAI("openai"),
  WEBHOOK("webhook");

  private final String id;

  BreakerKind(String id) {
    this.id = id;
  }

  /** The kind as names, tags and the API show it. */
  public String id() {
    return id;
  }
}

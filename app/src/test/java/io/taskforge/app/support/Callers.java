package io.taskforge.app.support;

import org.springframework.test.web.reactive.server.WebTestClient;

/** The autowired client as another caller: another key, or none. */
public final class Callers {
  private Callers() {}

  /** The client sending {@code key} instead of the development key. */
  public static WebTestClient withKey(WebTestClient web, String key) {
    return web.mutate().defaultHeaders(h -> h.set(DevKey.HEADER, key)).build();
  }

  /** The client with a bearer token instead of the development key. */
  public static WebTestClient withBearer(WebTestClient web, String token) {
    return web.mutate()
        .defaultHeaders(
            h -> {
              h.remove(DevKey.HEADER);
              h.setBearerAuth(token);
            })
        .build();
  }

  /** The client without credentials. */
  public static WebTestClient anonymous(WebTestClient web) {
    return web.mutate().defaultHeaders(h -> h.remove(DevKey.HEADER)).build();
  }
}

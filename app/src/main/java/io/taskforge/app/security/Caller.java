package io.taskforge.app.security;

import java.util.Objects;

/**
 * Who is calling the API, once authenticated.
 *
 * @param tenant the tenant whose work the caller sees and controls
 * @param name the API key's id, or the JWT's subject
 * @param admin whether the caller may manage API keys
 * @param via how the caller authenticated: {@code api-key} or {@code jwt}
 */
public record Caller(String tenant, String name, boolean admin, String via) {
  public Caller {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(via, "via");
  }
}

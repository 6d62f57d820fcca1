package io.taskforge.activities.egress;

import java.time.Duration;
import java.util.Objects;

/**
 * Who sends a request through the {@link EgressHttpClient}, and how.
 *
 * @param caller what connects, for the refusal metric and log: {@code http_request}, {@code
 *     webhook}, a task type's name
 * @param tenant whose task it is: its allow-list applies
 * @param maxBodyBytes the most bytes of the answer's body kept; the rest is dropped unread
 * @param maxRedirects redirects followed (each hop checked like the first), 0 for none
 * @param connectTimeout how long a connection may take to open; null: the client's default
 */
public record EgressOptions(
    String caller, String tenant, int maxBodyBytes, int maxRedirects, Duration connectTimeout) {
  public EgressOptions {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(tenant, "tenant");
    if (maxBodyBytes < 0 || maxRedirects < 0) {
      throw new IllegalArgumentException("maxBodyBytes and maxRedirects must not be negative");
    }
  }

  /** No redirects followed. */
  public static EgressOptions of(String caller, String tenant, int maxBodyBytes) {
    return new EgressOptions(caller, tenant, maxBodyBytes, 0, null);
  }

  public EgressOptions withRedirects(int redirects) {
    return new EgressOptions(caller, tenant, maxBodyBytes, redirects, connectTimeout);
  }

  public EgressOptions withConnectTimeout(Duration timeout) {
    return new EgressOptions(caller, tenant, maxBodyBytes, maxRedirects, timeout);
  }
}

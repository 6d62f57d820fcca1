package io.taskforge.activities.egress;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The egress policy ({@code taskforge.egress.*}): what tasks may connect to. Everything public is
 * allowed; loopback, private, link-local, metadata and the other special ranges are denied unless
 * an allow-list admits them; protected endpoints are refused always.
 *
 * @param allow the operator's allow-list, for every tenant: CIDRs ({@code 10.20.0.0/16}), single
 *     addresses, {@code host:port} ({@code billing.internal:443})
 * @param tenants per tenant ({@code taskforge.egress.tenants.<tenant>.allow}), added to {@code
 *     allow} for that tenant's tasks only
 * @param protectedEndpoints ({@code taskforge.egress.protected}) never reachable, even when
 *     allowed: bare ports (on this machine and on the Temporal host) or {@code host:port}. The
 *     Temporal gRPC target and this process's own server and management ports are protected
 *     besides; the defaults are the dev server's HTTP API (7243) and Web UI (8233) and the
 *     gpu-worker's metrics port (9091). Setting the key replaces the defaults.
 * @param maxRedirects the most redirects a task that turns them on may follow; each hop is checked
 * @param connectTimeout how long a connection may take to open
 */
@ConfigurationProperties("taskforge.egress")
public record EgressSettings(
    List<String> allow,
    Map<String, Tenant> tenants,
    @Name("protected") @DefaultValue({"7243", "8233", "9091"}) List<String> protectedEndpoints,
    @DefaultValue("5") int maxRedirects,
    @DefaultValue("10s") Duration connectTimeout) {

  public static final List<String> DEFAULT_PROTECTED = List.of("7243", "8233", "9091");

  public EgressSettings {
    allow = allow == null ? List.of() : List.copyOf(allow);
    tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    protectedEndpoints =
        protectedEndpoints == null ? DEFAULT_PROTECTED : List.copyOf(protectedEndpoints);
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    if (maxRedirects < 0 || maxRedirects > 20) {
      throw new IllegalArgumentException("taskforge.egress.max-redirects must be 0 to 20");
    }
  }

  /** Nothing allowed, the default protected ports. */
  public static EgressSettings denyAll() {
    return new EgressSettings(List.of(), Map.of(), DEFAULT_PROTECTED, 5, Duration.ofSeconds(10));
  }

  /** One tenant's additions ({@code taskforge.egress.tenants.<tenant>.*}). */
  public record Tenant(List<String> allow) {
    public Tenant {
      allow = allow == null ? List.of() : List.copyOf(allow);
    }
  }
}

package io.taskforge.activities.egress;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Endpoints no task may reach, whatever an allow-list says: the Temporal server (its gRPC port,
 * HTTP API and Web UI), Taskforge's own HTTP and actuator ports, and the gpu-worker's metrics port.
 *
 * <p>How an endpoint matches a connection to an address and port: the port must be the endpoint's;
 * then
 *
 * <ul>
 *   <li>a bare port ({@code 7243}) matches an address of this machine (loopback, unspecified, or
 *       the address of one of its network interfaces) and every address of the Temporal host;
 *   <li>{@code host:port} matches every address the host resolves to, and a URL naming the host.
 * </ul>
 *
 * The list is read at each check, since the app's own port is known only once its server started
 * ({@code local.server.port}).
 */
public final class ProtectedEndpoints {
  static final int TEMPORAL_DEFAULT_PORT = 7233;

  private final Supplier<List<Endpoint>> endpoints;
  private final Predicate<InetAddress> thisMachine;

  public ProtectedEndpoints(
      Supplier<List<Endpoint>> endpoints, Predicate<InetAddress> thisMachine) {
    this.endpoints = endpoints;
    this.thisMachine = thisMachine;
  }

  /** A fixed list, checked against this machine's real interfaces. */
  public static ProtectedEndpoints of(List<Endpoint> endpoints) {
    List<Endpoint> copy = List.copyOf(endpoints);
    return new ProtectedEndpoints(() -> copy, ProtectedEndpoints::isThisMachine);
  }

  /**
   * The endpoints of a running process: {@code configured} (bare ports or host:port), the Temporal
   * server from {@code spring.temporal.connection.target}, and this process's own server and
   * management ports; every bare port also applies to the Temporal host.
   *
   * @param properties the process's configuration, such as {@code Environment::getProperty}
   */
  public static Supplier<List<Endpoint>> fromProperties(
      List<Endpoint> configured, Function<String, String> properties) {
    return () -> {
      Set<Endpoint> result = new LinkedHashSet<>(configured);
      Optional<Endpoint> temporal =
          temporalTarget(properties.apply("spring.temporal.connection.target"));
      temporal.ifPresent(
          target -> {
            result.add(target);
            result.add(new Endpoint(null, target.port()));
          });
      port(properties, "local.server.port", "server.port", "8080").ifPresent(result::add);
      port(properties, "local.management.port", "management.server.port", null)
          .ifPresent(result::add);
      List<Endpoint> expanded = new ArrayList<>(result);
      temporal.ifPresent(
          target -> {
            for (Endpoint endpoint : result) {
              if (endpoint.isLocal()) {
                expanded.add(new Endpoint(target.host(), endpoint.port()));
              }
            }
          });
      return List.copyOf(new LinkedHashSet<>(expanded));
    };
  }

  /** The endpoints checked now. */
  public List<Endpoint> endpoints() {
    return endpoints.get();
  }

  /** The protected endpoint a connection would reach, if any. */
  public Optional<Endpoint> match(
      EgressHost host, InetAddress address, int port, EgressResolver resolver) {
    for (Endpoint endpoint : endpoints.get()) {
      if (endpoint.port() != port) {
        continue;
      }
      if (endpoint.isLocal()) {
        if (thisMachine.test(address)) {
          return Optional.of(endpoint);
        }
      } else if (endpoint.host().host().equals(host.host())
          || addressesOf(endpoint.host(), resolver).stream()
              .anyMatch(a -> AllowList.sameAddress(a, address))) {
        return Optional.of(endpoint);
      }
    }
    return Optional.empty();
  }

  /** Loopback, unspecified, or the address of one of this machine's network interfaces. */
  public static boolean isThisMachine(InetAddress address) {
    InetAddress effective = AddressClassifier.classify(address).effective();
    if (effective.isLoopbackAddress() || effective.isAnyLocalAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(effective) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private static List<InetAddress> addressesOf(EgressHost host, EgressResolver resolver) {
    if (host.isLiteral()) {
      return List.of(host.literal());
    }
    try {
      return resolver.resolve(host.host());
    } catch (UnknownHostException e) {
      return List.of(); // a host that does not resolve receives no connection either
    }
  }

  /** {@code host:port}, {@code [v6]:port}, {@code dns:///host:port}; the port defaults to 7233. */
  static Optional<Endpoint> temporalTarget(String target) {
    if (target == null || target.isBlank()) {
      return Optional.empty();
    }
    String value = target.trim();
    int scheme = value.indexOf("://");
    if (scheme >= 0) {
      value = value.substring(scheme + 3);
    }
    while (value.startsWith("/")) {
      value = value.substring(1);
    }
    int colon = value.lastIndexOf(':');
    boolean hasPort = colon > 0 && (!value.startsWith("[") || value.charAt(colon - 1) == ']');
    if (hasPort && value.indexOf(':') != colon && !value.startsWith("[")) {
      hasPort = false; // a bare IPv6 address
    }
    try {
      return Optional.of(
          hasPort
              ? Endpoint.parse(value, false)
              : Endpoint.parse(
                  (value.indexOf(':') >= 0 && !value.startsWith("[") ? "[" + value + "]" : value)
                      + ":"
                      + TEMPORAL_DEFAULT_PORT,
                  false));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Endpoint> port(
      Function<String, String> properties, String actual, String configured, String fallback) {
    String value = properties.apply(actual);
    if (value == null || value.isBlank() || value.equals("0") || value.equals("-1")) {
      value = properties.apply(configured);
    }
    if (value == null || value.isBlank()) {
      value = fallback;
    }
    try {
      int port = value == null ? -1 : Integer.parseInt(value.trim());
      return port >= 1 && port <= 65535 ? Optional.of(new Endpoint(null, port)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

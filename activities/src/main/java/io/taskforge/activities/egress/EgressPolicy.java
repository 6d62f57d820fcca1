package io.taskforge.activities.egress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskforge.workflows.task.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one policy for every connection Taskforge opens on a tenant's behalf. A destination passes
 * when
 *
 * <ol>
 *   <li>its scheme is http or https;
 *   <li>its host is a name or a canonical address ({@link EgressHost}: no {@code 127.1}, {@code
 *       0x7f.1});
 *   <li>and every address the host resolves to (resolved once; the connection goes to these
 *       addresses only, so a second DNS answer cannot slip past) is no {@link ProtectedEndpoints
 *       protected endpoint}, and is either admitted by the operator's or the tenant's {@link
 *       AllowList} or {@link AddressClass#PUBLIC public}.
 * </ol>
 *
 * A refusal is counted ({@code taskforge.egress.denied}, tags {@code rule} and {@code caller}),
 * logged at WARN with the address, and answered with a non-retryable {@code EgressDenied} failure.
 */
public final class EgressPolicy {
  public static final String DENIED_METRIC = "taskforge.egress.denied";

  /** The {@code caller} tag of refusals at submission, before anything runs. */
  public static final String SUBMISSION = "submission";

  private static final Logger log = LoggerFactory.getLogger(EgressPolicy.class);

  private final AllowList operator;
  private final Map<String, AllowList> tenants;
  private final ProtectedEndpoints protectedEndpoints;
  private final EgressResolver resolver;
  private final MeterRegistry registry;
  private final int maxRedirects;

  public EgressPolicy(
      EgressSettings settings,
      ProtectedEndpoints protectedEndpoints,
      EgressResolver resolver,
      MeterRegistry registry) {
    this.operator = AllowList.parse("taskforge.egress.allow", settings.allow());
    Map<String, AllowList> byTenant = new LinkedHashMap<>();
    settings
        .tenants()
        .forEach(
            (tenant, lists) ->
                byTenant.put(
                    tenant,
                    AllowList.parse(
                        "taskforge.egress.tenants." + tenant + ".allow", lists.allow())));
    this.tenants = Map.copyOf(byTenant);
    this.protectedEndpoints = protectedEndpoints;
    this.resolver = resolver;
    this.registry = registry;
    this.maxRedirects = settings.maxRedirects();
  }

  /**
   * A destination the policy let through.
   *
   * @param addresses the checked addresses of the host: connect to these, never resolve again
   */
  public record Target(URI uri, EgressHost host, int port, List<InetAddress> addresses) {
    public Target {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * Checks a destination before connecting to it: resolves its host once.
   *
   * @param caller what connects, for the metric and the log: {@code http_request}, {@code webhook}
   * @throws io.temporal.failure.ApplicationFailure {@code EgressDenied}, non-retryable, if refused
   * @throws UnknownHostException if the host has no address (may pass later: retryable)
   */
  public Target check(String caller, String tenant, URI uri) throws UnknownHostException {
    Verdict verdict = evaluate(tenant, uri, true);
    if (verdict.denial() != null) {
      throw refuse(caller, tenant, uri, verdict.denial());
    }
    return verdict.target();
  }

  /**
   * A URL a task was given (a parameter, perhaps built by a template), read for connecting: it must
   * be a URL with an authority, else the parameter is invalid; its scheme and host spelling must
   * pass the policy, else it is refused like a connection. Names are resolved when {@link #check}
   * runs before connecting.
   *
   * @param field the parameter, for the message: {@code params.url}
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code InvalidParams} or {@code
   *     EgressDenied}
   */
  public URI url(String caller, String tenant, Object value, String field) {
    if (!(value instanceof String text) || text.isBlank()) {
      throw invalid(field + " must be an http or https URL");
    }
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw invalid(field + " is not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if ((scheme.equals("http") || scheme.equals("https")) && uri.getRawAuthority() == null) {
      throw invalid(field + " has no host: " + text);
    }
    try {
      Verdict verdict = evaluate(tenant, uri, false);
      if (verdict.denial() != null) {
        throw refuse(caller, tenant, uri, verdict.denial());
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException("reading a URL resolves nothing", e);
    }
    return uri;
  }

  private ApplicationFailure refuse(String caller, String tenant, URI uri, EgressDenial denial) {
    count(denial.rule(), caller);
    log.warn(
        "egress denied by rule {} for tenant {} ({}): {}://{}:{}{} (address {})",
        denial.rule(),
        tenant,
        caller,
        uri.getScheme(),
        EgressHost.of(uri).display(),
        uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80,
        uri.getRawPath() == null
            ? ""
            : uri.getRawPath(), // no query, no user info: they may hold secrets
        denial.address() == null ? "none" : denial.address());
    return denial.toFailure();
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_PARAMS);
  }

  /**
   * The check at submission of a URL given literally (not built by a template): scheme, host
   * spelling, and a literal address's ranges and protected ports. Names are not resolved here; they
   * are checked when the task connects.
   *
   * @return the refusal, or empty when the URL may be submitted (or is no URL at all, which the
   *     parameter's own check reports)
   */
  public Optional<EgressDenial> checkSubmitted(String tenant, String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    try {
      Optional<EgressDenial> denial = Optional.ofNullable(evaluate(tenant, uri, false).denial());
      denial.ifPresent(d -> count(d.rule(), SUBMISSION));
      return denial;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("the submission check resolves nothing", e);
    }
  }

  /** The most redirects a task may follow when it turns them on. */
  public int maxRedirects() {
    return maxRedirects;
  }

  private record Verdict(Target target, EgressDenial denial) {}

  private Verdict evaluate(String tenant, URI uri, boolean resolve) throws UnknownHostException {
    Objects.requireNonNull(tenant, "tenant");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return denied(
          EgressDenial.SCHEME,
          scheme.isEmpty() ? "the URL has no scheme" : scheme + " is not http or https",
          null);
    }
    EgressHost host = EgressHost.of(uri);
    if (host.isAmbiguous()) {
      return denied(EgressDenial.AMBIGUOUS_HOST, host.ambiguity(), null);
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    List<InetAddress> addresses;
    if (host.isLiteral()) {
      addresses = List.of(host.literal());
    } else if (!resolve) {
      return new Verdict(null, null);
    } else {
      addresses = resolver.resolve(host.host());
      if (addresses.isEmpty()) {
        throw new UnknownHostException(host.host() + " has no address");
      }
    }
    AllowList tenantList = tenants.getOrDefault(tenant, AllowList.NONE);
    for (InetAddress address : addresses) {
      Optional<Endpoint> guarded = protectedEndpoints.match(host, address, port, resolver);
      if (guarded.isPresent()) {
        return denied(
            EgressDenial.PROTECTED,
            host.display()
                + ":"
                + port
                + " is a protected endpoint (the Temporal server, Taskforge or one of its"
                + " workers), refused whatever an allow-list says",
            address.getHostAddress());
      }
      if (operator.admits(host, address, port) || tenantList.admits(host, address, port)) {
        continue;
      }
      AddressClassifier.Classification classification = AddressClassifier.classify(address);
      if (classification.type().isDenied()) {
        return denied(
            classification.type().rule(), reason(host, classification), address.getHostAddress());
      }
    }
    return new Verdict(new Target(uri, host, port, addresses), null);
  }

  private static String reason(EgressHost host, AddressClassifier.Classification classification) {
    String range = "in the " + classification.type().description() + " range";
    if (!host.isLiteral()) {
      return host.display() + " resolves to an address " + range;
    }
    if (classification.embedded() != null) {
      return host.display()
          + " carries the IPv4 address "
          + classification.embedded().getHostAddress()
          + ", "
          + range;
    }
    return host.display() + " is " + range;
  }

  private static Verdict denied(String rule, String reason, String address) {
    return new Verdict(null, new EgressDenial(rule, reason, address));
  }

  private void count(String rule, String caller) {
    Counter.builder(DENIED_METRIC)
        .description("Connections the egress policy refused, by rule and caller")
        .tags("rule", rule, "caller", caller)
        .register(registry)
        .increment();
  }
}

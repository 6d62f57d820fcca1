package io.taskforge.activities.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskforge.workflows.task.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The policy's decisions, through a stub resolver: private, link-local and metadata addresses are
 * only ever names in its table, and nothing here connects anywhere.
 */
class EgressPolicyTest {
  private final Map<String, List<InetAddress>> dns = new HashMap<>();
  private final List<String> lookups = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private final EgressResolver resolver =
      host -> {
        lookups.add(host);
        List<InetAddress> addresses = dns.get(host);
        if (addresses == null) {
          throw new UnknownHostException(host);
        }
        return addresses;
      };

  EgressPolicyTest() throws Exception {
    name("public.test", "93.184.216.34");
    name("intranet.test", "10.1.2.3");
    name("metadata.test", "169.254.169.254");
    name("router.test", "192.168.1.1");
    name("linklocal.test", "fe80::1");
    name("ula.test", "fd00::5");
    name("loop.test", "127.0.0.1");
    name("mapped.test", "::ffff:127.0.0.1");
    name("nat64.test", "64:ff9b::a9fe:a9fe");
    name("mixed.test", "93.184.216.34", "10.0.0.9");
    name("temporal.test", "10.9.9.9");
    name("alias-of-temporal.test", "10.9.9.9");
  }

  private void name(String host, String... addresses) throws UnknownHostException {
    List<InetAddress> list = new ArrayList<>();
    for (String address : addresses) {
      list.add(InetAddress.getByName(address.contains(":") ? "[" + address + "]" : address));
    }
    dns.put(host, list);
  }

  private EgressPolicy policy(
      List<String> allow, Map<String, List<String>> tenants, List<Endpoint> protectedEndpoints) {
    Map<String, EgressSettings.Tenant> byTenant = new HashMap<>();
    tenants.forEach((tenant, list) -> byTenant.put(tenant, new EgressSettings.Tenant(list)));
    return new EgressPolicy(
        new EgressSettings(allow, byTenant, List.of(), 5, Duration.ofSeconds(1)),
        new ProtectedEndpoints(() -> protectedEndpoints, ProtectedEndpoints::isThisMachine),
        resolver,
        registry);
  }

  private EgressPolicy denyByDefault() {
    return policy(List.of(), Map.of(), List.of());
  }

  private ApplicationFailure refusal(EgressPolicy policy, String tenant, String url) {
    return catchThrowableOfType(
        ApplicationFailure.class, () -> policy.check("http_request", tenant, URI.create(url)));
  }

  @ParameterizedTest(name = "{0} is refused by {1}")
  @CsvSource({
    "http://intranet.test/, private",
    "http://metadata.test/latest/meta-data/, metadata",
    "http://router.test/, private",
    "http://linklocal.test/, link-local",
    "http://ula.test/, private",
    "http://loop.test:8080/, loopback",
    "http://mapped.test/, loopback",
    "http://nat64.test/, metadata",
    "http://10.0.0.1/, private",
    "http://169.254.169.254/latest/meta-data/, metadata",
    "http://169.254.1.1/, link-local",
    "http://100.64.1.1/, cgnat",
    "http://127.0.0.1:9/, loopback",
    "http://0.0.0.0/, unspecified",
    "http://224.0.0.1/, multicast",
    "http://255.255.255.255/, broadcast",
    "http://192.0.2.1/, documentation",
    "http://198.18.0.1/, benchmarking",
    "http://240.0.0.1/, reserved",
    "http://[::1]/, loopback",
    "http://[::]/, unspecified",
    "http://[fe80::1]/, link-local",
    "http://[fd00:ec2::254]/, metadata",
    "http://[::ffff:169.254.169.254]/, metadata",
    "http://[::ffff:10.0.0.1]/, private",
    "http://[::127.0.0.1]/, loopback",
    "http://[64:ff9b::7f00:1]/, loopback",
    "http://[2002:a9fe:a9fe::]/, metadata",
    "http://[ff02::1]/, multicast",
    "http://127.1/, ambiguous-host",
    "http://2130706433/, ambiguous-host",
    "http://0177.0.0.1/, ambiguous-host",
    "http://0x7f.1/, ambiguous-host",
    "http://0xa9fea9fe/, ambiguous-host",
    "file:///etc/passwd, scheme",
    "ftp://public.test/, scheme",
    "gopher://public.test:70/, scheme",
    "jar:file:/x.jar!/, scheme",
  })
  void deniedDestination_failsNonRetryablyNamingTheRule(String url, String rule) {
    ApplicationFailure failure = refusal(denyByDefault(), "acme", url);

    assertThat(failure).as(url).isNotNull();
    assertThat(failure.getType()).isEqualTo(FailureTypes.EGRESS_DENIED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).startsWith("egress denied by rule '" + rule + "'");
    assertThat(
            registry
                .get(EgressPolicy.DENIED_METRIC)
                .tags("rule", rule, "caller", "http_request")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void literalAddress_isNamedInTheRefusal_butAResolvedOneIsNot() {
    assertThat(refusal(denyByDefault(), "acme", "http://10.0.0.1/").getOriginalMessage())
        .contains("10.0.0.1 is in the private range");
    assertThat(refusal(denyByDefault(), "acme", "http://intranet.test/").getOriginalMessage())
        .contains("intranet.test resolves to an address in the private range")
        .doesNotContain("10.1.2.3");
    assertThat(refusal(denyByDefault(), "acme", "http://[::127.0.0.1]/").getOriginalMessage())
        .contains("[::127.0.0.1] carries the IPv4 address 127.0.0.1, in the loopback range");
  }

  @Test
  void publicName_passes_withTheAddressesToConnectTo_resolvedOnce() throws Exception {
    EgressPolicy.Target target =
        denyByDefault().check("http_request", "acme", URI.create("https://public.test/x"));

    assertThat(target.addresses()).containsExactly(InetAddress.getByName("93.184.216.34"));
    assertThat(target.port()).isEqualTo(443);
    assertThat(lookups).containsExactly("public.test");
  }

  @Test
  void nameWithOneDeniedAddressAmongPublicOnes_isRefused() {
    assertThat(refusal(denyByDefault(), "acme", "http://mixed.test/").getOriginalMessage())
        .startsWith("egress denied by rule 'private'");
  }

  @Test
  void unknownName_isNoRefusal_butAnErrorThatMayPassLater() {
    assertThatThrownBy(
            () -> denyByDefault().check("webhook", "acme", URI.create("http://nowhere.test/")))
        .isInstanceOf(UnknownHostException.class);
  }

  @Test
  void tenantAllowList_admitsOnlyThatTenant() throws Exception {
    EgressPolicy policy = policy(List.of(), Map.of("acme", List.of("10.0.0.0/8")), List.of());

    assertThat(policy.check("http_request", "acme", URI.create("http://intranet.test/")))
        .isNotNull();
    assertThat(refusal(policy, "globex", "http://intranet.test/")).isNotNull();
    assertThat(refusal(policy, "acme", "http://router.test/")).isNotNull();
  }

  @Test
  void operatorAllowList_admitsEveryTenant() throws Exception {
    EgressPolicy policy = policy(List.of("192.168.1.0/24", "fd00::/8"), Map.of(), List.of());

    assertThat(policy.check("webhook", "acme", URI.create("http://router.test/"))).isNotNull();
    assertThat(policy.check("webhook", "globex", URI.create("http://ula.test/"))).isNotNull();
    assertThat(refusal(policy, "acme", "http://intranet.test/")).isNotNull();
  }

  @Test
  void hostPortEntry_admitsThatNameOnThatPortOnly() throws Exception {
    EgressPolicy policy =
        policy(List.of("intranet.test:8443", "10.9.9.9:9000"), Map.of(), List.of());

    assertThat(policy.check("http_request", "acme", URI.create("https://intranet.test:8443/")))
        .isNotNull();
    assertThat(refusal(policy, "acme", "https://intranet.test/")).isNotNull();
    assertThat(policy.check("http_request", "acme", URI.create("http://10.9.9.9:9000/")))
        .isNotNull();
    assertThat(refusal(policy, "acme", "http://10.9.9.9:9001/")).isNotNull();
  }

  @Test
  void allowListCannotAdmitAnAmbiguousSpelling() {
    EgressPolicy policy = policy(List.of("127.0.0.0/8"), Map.of(), List.of());

    assertThat(refusal(policy, "acme", "http://127.1/").getOriginalMessage())
        .startsWith("egress denied by rule 'ambiguous-host'");
  }

  @Test
  void protectedEndpoint_isRefusedWhateverTheAllowListSays() {
    EgressPolicy policy =
        policy(
            List.of("127.0.0.0/8", "::1", "10.0.0.0/8"),
            Map.of(),
            List.of(new Endpoint(null, 7243), Endpoint.parse("temporal.test:7233", false)));

    for (String url :
        List.of(
            "http://127.0.0.1:7243/api/v1/namespaces",
            "http://[::1]:7243/",
            "http://[::ffff:127.0.0.1]:7243/",
            "http://0.0.0.0:7243/",
            "http://loop.test:7243/",
            "http://temporal.test:7233/",
            "http://alias-of-temporal.test:7233/",
            "http://10.9.9.9:7233/")) {
      assertThat(refusal(policy, "acme", url).getOriginalMessage())
          .as(url)
          .startsWith("egress denied by rule 'protected'");
    }
    assertThatCode(() -> policy.check("t", "acme", URI.create("http://127.0.0.1:7244/")))
        .doesNotThrowAnyException();
    assertThatCode(() -> policy.check("t", "acme", URI.create("http://10.9.9.9:7234/")))
        .doesNotThrowAnyException();
  }

  @Test
  void barePortsOfAProcess_applyToThisMachineAndTheTemporalHost() {
    Map<String, String> properties =
        Map.of(
            "spring.temporal.connection.target", "temporal.test:7233",
            "local.server.port", "41234",
            "server.port", "0");
    List<Endpoint> endpoints =
        ProtectedEndpoints.fromProperties(List.of(new Endpoint(null, 8233)), properties::get).get();

    assertThat(endpoints)
        .extracting(Endpoint::toString)
        .containsExactlyInAnyOrder(
            "8233",
            "7233",
            "41234",
            "temporal.test:7233",
            "temporal.test:8233",
            "temporal.test:41234");
  }

  @ParameterizedTest
  @CsvSource({
    "localhost:7233, localhost:7233",
    "127.0.0.1:17233, 127.0.0.1:17233",
    "dns:///temporal.internal:7233, temporal.internal:7233",
    "temporal, temporal:7233",
    "[::1]:7233, [::1]:7233",
  })
  void temporalTarget_isReadAsHostAndPort(String target, String endpoint) {
    assertThat(ProtectedEndpoints.temporalTarget(target))
        .map(Endpoint::toString)
        .hasValue(endpoint);
  }

  @Test
  void submissionCheck_refusesLiteralsAndSchemes_withoutResolvingNames() {
    EgressPolicy policy = policy(List.of(), Map.of("default", List.of("127.0.0.0/8")), List.of());

    assertThat(policy.checkSubmitted("acme", "http://127.0.0.1:8080/"))
        .get()
        .extracting(EgressDenial::rule)
        .isEqualTo("loopback");
    assertThat(policy.checkSubmitted("acme", "file:///etc/passwd"))
        .get()
        .extracting(EgressDenial::rule)
        .isEqualTo("scheme");
    assertThat(policy.checkSubmitted("acme", "http://0x7f.1/"))
        .get()
        .extracting(EgressDenial::rule)
        .isEqualTo("ambiguous-host");
    assertThat(policy.checkSubmitted("acme", "http://[fd00:ec2::254]/"))
        .get()
        .extracting(EgressDenial::rule)
        .isEqualTo("metadata");
    assertThat(policy.checkSubmitted("default", "http://127.0.0.1:8080/")).isEmpty();
    assertThat(policy.checkSubmitted("acme", "http://intranet.test/")).isEmpty();
    assertThat(lookups).isEmpty();
    assertThat(registry.get(EgressPolicy.DENIED_METRIC).tags("caller", "submission").counters())
        .hasSize(4);
  }

  @ParameterizedTest
  @CsvSource({
    "http://127.1:8080/x, EgressDenied, rule 'ambiguous-host': 127.1 is a numeric host",
    "http://0x7f.1/, EgressDenied, rule 'ambiguous-host': 0x7f.1",
    "http://2130706433/, EgressDenied, rule 'ambiguous-host': 2130706433",
    "http://my_host/, EgressDenied, rule 'ambiguous-host': my_host",
    "ftp://public.test/, EgressDenied, rule 'scheme': ftp is not http or https",
    "public.test/x, EgressDenied, rule 'scheme': the URL has no scheme",
    "http:///x, InvalidParams, params.url has no host",
    "http://a b/, InvalidParams, params.url is not a valid URL",
  })
  void taskUrl_isReadStrictly_withoutResolvingIt(String url, String type, String message) {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> denyByDefault().url("http_request", "acme", url, "params.url"));

    assertThat(failure.getType()).isEqualTo(type);
    assertThat(failure.getOriginalMessage()).contains(message);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(lookups).isEmpty();
  }

  @Test
  void taskUrlWithAName_isReturnedForTheConnectionToCheck() {
    assertThat(denyByDefault().url("http_request", "acme", " https://intranet.test/a ", "p"))
        .isEqualTo(URI.create("https://intranet.test/a"));
    assertThat(lookups).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "not-an-address", "10.0.0.0/x", "host:99999", "0x7f.1:80"})
  void malformedAllowEntry_failsAtStartNamingTheKey(String entry) {
    assertThatThrownBy(() -> policy(List.of(entry), Map.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("taskforge.egress.allow[0]");
  }
}

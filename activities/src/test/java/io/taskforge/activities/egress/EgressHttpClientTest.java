package io.taskforge.activities.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskforge.activities.LocalHttpServer;
import io.taskforge.workflows.task.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client through a stub resolver and a socket factory that fails the test when a connection is
 * opened anywhere but loopback: denied ranges are only ever names in the stub's table, and the only
 * server that answers is a local one.
 */
class EgressHttpClientTest {
  private static final String TENANT = "default";

  private final LocalHttpServer server = new LocalHttpServer();
  private final LocalHttpServer other = new LocalHttpServer();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<InetAddress> connected = new CopyOnWriteArrayList<>();
  private final AtomicInteger rebindLookups = new AtomicInteger();

  /** Every socket the client opens: loopback only, or the test fails. */
  private final DetachedSocketFactory loopbackOnly =
      proxy -> {
        assertThat(proxy).isIn(null, Proxy.NO_PROXY);
        return new Socket(Proxy.NO_PROXY) {
          @Override
          public void connect(SocketAddress endpoint, int timeout) throws IOException {
            InetAddress address = ((InetSocketAddress) endpoint).getAddress();
            connected.add(address);
            if (!address.isLoopbackAddress()) {
              throw new AssertionError("the client connected to " + endpoint);
            }
            super.connect(endpoint, timeout);
          }
        };
      };

  /** For refusals: reaching the connect step at all fails the test. */
  private static final DetachedSocketFactory NEVER =
      proxy -> {
        throw new AssertionError("the connect step was reached");
      };

  private final EgressResolver resolver =
      host ->
          switch (host) {
            case "service.test" -> List.of(InetAddress.getByName("127.0.0.1"));
            case "metadata.test" -> List.of(InetAddress.getByName("169.254.169.254"));
            case "intranet.test" -> List.of(InetAddress.getByName("10.0.0.5"));
            case "linklocal.test" -> List.of(InetAddress.getByName("[fe80::1]"));
            case "rebind.test" ->
                // A rebinding name: loopback (allowed) first, a private address afterwards.
                List.of(
                    InetAddress.getByName(
                        rebindLookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.0.0.5"));
            default -> throw new UnknownHostException(host);
          };

  EgressHttpClientTest() {
    server
        .route(
            "/",
            exchange -> {
              received.add(
                  exchange.getRequestMethod()
                      + " "
                      + exchange.getRequestURI()
                      + " "
                      + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                      + " auth="
                      + exchange.getRequestHeaders().getFirst("Authorization"));
              LocalHttpServer.respond(exchange, 200, "text/plain", "hello");
            })
        .route("/to-metadata", redirect(302, "http://metadata.test/latest/meta-data/"))
        .route("/to-file", redirect(302, "file:///etc/passwd"))
        .route("/to-ambiguous", redirect(302, "http://0x7f.1:" + port(server) + "/"))
        .route("/to-relative", redirect(302, "/landed"))
        .route("/see-other", redirect(303, "/landed"))
        .route("/loop", redirect(302, "/loop"))
        .route("/to-other", redirect(307, other.url("/landed")));
    other.route(
        "/",
        exchange -> {
          received.add(
              "other "
                  + exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " auth="
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          LocalHttpServer.respond(exchange, 200, "text/plain", "elsewhere");
        });
  }

  @AfterEach
  void tearDown() {
    server.close();
    other.close();
  }

  private EgressHttpClient client(DetachedSocketFactory sockets) {
    EgressSettings settings =
        new EgressSettings(
            List.of(),
            Map.of(TENANT, new EgressSettings.Tenant(List.of("127.0.0.0/8"))),
            List.of(),
            3,
            Duration.ofSeconds(5));
    EgressPolicy policy =
        new EgressPolicy(
            settings, ProtectedEndpoints.of(List.of()), resolver, new SimpleMeterRegistry());
    return new EgressHttpClient(policy, Duration.ofSeconds(5), sockets);
  }

  private static com.sun.net.httpserver.HttpHandler redirect(int status, String location) {
    return exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("Location", location);
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    };
  }

  private static int port(LocalHttpServer server) {
    return URI.create(server.url("/")).getPort();
  }

  private String local(String path) {
    return "http://service.test:" + port(server) + path;
  }

  private static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
  }

  private static EgressOptions options(String tenant, int redirects) {
    return EgressOptions.of("test", tenant, 1024).withRedirects(redirects);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://metadata.test/latest/meta-data/",
        "http://intranet.test/",
        "http://linklocal.test/",
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://10.0.0.5/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:10.0.0.5]/",
        "http://127.000.000.001/",
      })
  void deniedDestination_isRefusedBeforeAnySocketIsMade(String url) {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> client(NEVER).send(get(url), options(TENANT, 3)));

    assertThat(failure.getType()).isEqualTo(FailureTypes.EGRESS_DENIED);
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void loopbackForATenantWithoutAllowList_isRefusedBeforeAnySocketIsMade() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> client(NEVER).send(get(local("/")), options("acme", 0)));

    assertThat(failure.getOriginalMessage())
        .startsWith("egress denied by rule 'loopback'")
        .doesNotContain("127.0.0.1");
    assertThat(received).isEmpty();
  }

  @Test
  void allowedName_isResolvedOnce_andTheConnectionGoesToTheCheckedAddress() throws Exception {
    EgressResponse response =
        client(loopbackOnly)
            .send(get("http://rebind.test:" + port(server) + "/x"), options(TENANT, 0));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(rebindLookups).hasValue(1);
    assertThat(connected).containsExactly(InetAddress.getByName("127.0.0.1"));
    assertThat(received).containsExactly("GET /x  auth=null");
  }

  @Test
  void redirectToADeniedHost_isRefused_andNeverConnected() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> client(loopbackOnly).send(get(local("/to-metadata")), options(TENANT, 3)));

    assertThat(failure.getType()).isEqualTo(FailureTypes.EGRESS_DENIED);
    assertThat(failure.getOriginalMessage()).startsWith("egress denied by rule 'metadata'");
    assertThat(connected).allMatch(InetAddress::isLoopbackAddress).hasSize(1);
  }

  @Test
  void redirectToAnotherScheme_isRefusedByTheSchemeRule() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> client(loopbackOnly).send(get(local("/to-file")), options(TENANT, 3)));

    assertThat(failure.getOriginalMessage()).startsWith("egress denied by rule 'scheme'");
  }

  @Test
  void redirectToAnAmbiguousSpelling_isRefused_althoughLoopbackIsAllowed() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> client(loopbackOnly).send(get(local("/to-ambiguous")), options(TENANT, 3)));

    assertThat(failure.getOriginalMessage()).startsWith("egress denied by rule 'ambiguous-host'");
    assertThat(received).isEmpty();
  }

  @Test
  void redirectsOff_theRedirectIsTheAnswer() throws Exception {
    EgressResponse response =
        client(loopbackOnly).send(get(local("/to-metadata")), options(TENANT, 0));

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("location"))
        .hasValue("http://metadata.test/latest/meta-data/");
    assertThat(response.redirects()).isZero();
  }

  @Test
  void allowedRedirect_isFollowed_toWhereItPoints() throws Exception {
    EgressResponse response =
        client(loopbackOnly).send(get(local("/to-relative")), options(TENANT, 3));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.uri()).isEqualTo(URI.create(local("/landed")));
    assertThat(response.redirects()).isEqualTo(1);
    assertThat(received).containsExactly("GET /landed  auth=null");
  }

  @Test
  void seeOther_continuesAsGetWithoutTheBody() throws Exception {
    HttpRequest post =
        HttpRequest.newBuilder(URI.create(local("/see-other")))
            .POST(HttpRequest.BodyPublishers.ofString("payload"))
            .build();

    client(loopbackOnly).send(post, options(TENANT, 3));

    assertThat(received).containsExactly("GET /landed  auth=null");
  }

  @Test
  void redirectToAnotherOrigin_keepsMethodAndBodyOn307_butDropsCredentials() throws Exception {
    HttpRequest post =
        HttpRequest.newBuilder(URI.create(local("/to-other")))
            .header("Authorization", "Bearer secret")
            .POST(HttpRequest.BodyPublishers.ofString("payload"))
            .build();

    EgressResponse response = client(loopbackOnly).send(post, options(TENANT, 3));

    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("elsewhere");
    assertThat(received).containsExactly("other POST /landed auth=null");
  }

  @Test
  void moreRedirectsThanAllowed_stopsAtTheLimit_withTheLastRedirectAsTheAnswer() throws Exception {
    EgressResponse response = client(loopbackOnly).send(get(local("/loop")), options(TENANT, 2));

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.redirects()).isEqualTo(2);
    assertThat(connected).hasSize(3);
  }

  @Test
  void largeBody_isCutAtTheLimit() throws Exception {
    server.fixed("/big", 200, "text/plain", "x".repeat(5000));

    EgressResponse response = client(loopbackOnly).send(get(local("/big")), options(TENANT, 0));

    assertThat(response.body()).hasSize(1024);
    assertThat(response.truncated()).isTrue();
  }
}

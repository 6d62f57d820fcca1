package io.taskforge.activities.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client for connections made on a tenant's behalf: every request, and every redirect hop,
 * passes the {@link EgressPolicy} first, and the connection goes only to the addresses the policy
 * checked. A caller describes its request with the JDK's {@link HttpRequest} (which validates
 * methods and headers) and gets the answer with its body read up to a limit.
 *
 * <p>Why Apache HttpClient 5 carries it out: the JDK's client resolves names itself and takes no
 * resolver, so what it connects to could differ from what was checked (DNS rebinding). Here each
 * exchange has its own connection manager whose {@link DnsResolver} answers only the checked host,
 * with the checked addresses; nothing is pooled, so no connection opened for one tenant (or one
 * allow-list) serves another. No proxy is used (a proxy would make the connected address the
 * proxy's), no redirect, retry, cookie or decompression is done by the library.
 *
 * <p>Blocking socket reads do not notice interrupts, so the exchange runs on a virtual thread and
 * the caller waits for it: a cancelled task's interrupt aborts the connection at once.
 */
public final class EgressHttpClient implements AutoCloseable {
  /** Headers that do not follow a redirect to another origin. */
  private static final Set<String> CREDENTIALS =
      Set.of("authorization", "cookie", "proxy-authorization");

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final EgressPolicy policy;
  private final DetachedSocketFactory sockets;
  private final Timeout connectTimeout;
  private final Lookup<TlsSocketStrategy> tls;
  private final ExecutorService exchanges =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("egress-", 0).factory());

  public EgressHttpClient(EgressPolicy policy, Duration connectTimeout) {
    this(policy, connectTimeout, proxy -> new Socket(Proxy.NO_PROXY));
  }

  /**
   * @param sockets makes the unconnected sockets that connections are opened on (tests stand a
   *     socket that fails the test in for it)
   */
  public EgressHttpClient(
      EgressPolicy policy, Duration connectTimeout, DetachedSocketFactory sockets) {
    this.policy = policy;
    this.sockets = sockets;
    this.connectTimeout = Timeout.of(connectTimeout);
    this.tls =
        RegistryBuilder.<TlsSocketStrategy>create()
            .register("https", DefaultClientTlsStrategy.createDefault())
            .build();
  }

  public EgressPolicy policy() {
    return policy;
  }

  /**
   * Sends the request, following redirects when the options allow (a 303, and a 301 or 302 of a
   * POST, continue as GET without the body; credentials are dropped when the origin changes; a
   * redirect from https to http is not followed and comes back as the answer).
   *
   * @throws io.temporal.failure.ApplicationFailure {@code EgressDenied} if the policy refuses a hop
   * @throws IOException if no answer came ({@link HttpTimeoutException} when it timed out)
   * @throws InterruptedException if the thread was interrupted; the connection is aborted
   */
  public EgressResponse send(HttpRequest request, EgressOptions options)
      throws IOException, InterruptedException {
    URI uri = request.uri();
    String method = request.method();
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers().map());
    byte[] body = body(request);
    Duration timeout = request.timeout().orElse(DEFAULT_TIMEOUT);
    for (int hop = 0; ; hop++) {
      EgressPolicy.Target target = policy.check(options.caller(), options.tenant(), uri);
      EgressResponse response = exchange(target, method, headers, body, timeout, options, hop);
      Optional<URI> next =
          hop < options.maxRedirects() ? redirectTarget(uri, response) : Optional.empty();
      if (next.isEmpty()) {
        return response;
      }
      int status = response.statusCode();
      if (status == 303 && !method.equals("HEAD")
          || (status == 301 || status == 302) && method.equals("POST")) {
        method = "GET";
        body = null;
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("content-type"));
      }
      if (!sameOrigin(uri, next.get())) {
        headers.keySet().removeIf(name -> CREDENTIALS.contains(name.toLowerCase(Locale.ROOT)));
      }
      uri = next.get();
    }
  }

  private EgressResponse exchange(
      EgressPolicy.Target target,
      String method,
      Map<String, List<String>> headers,
      byte[] body,
      Duration timeout,
      EgressOptions options,
      int redirects)
      throws IOException, InterruptedException {
    HttpUriRequestBase request = new HttpUriRequestBase(method, target.uri());
    headers.forEach((name, values) -> values.forEach(value -> request.addHeader(name, value)));
    if (body != null) {
      request.setEntity(new ByteArrayEntity(body, null));
    }
    request.setConfig(
        RequestConfig.custom()
            .setResponseTimeout(Timeout.of(timeout))
            .setRedirectsEnabled(false)
            .build());
    Timeout connect =
        options.connectTimeout() == null ? connectTimeout : Timeout.of(options.connectTimeout());
    CloseableHttpClient client = clientFor(target, connect, timeout);
    try {
      Future<EgressResponse> future =
          exchanges.submit(() -> run(client, request, target, options.maxBodyBytes(), redirects));
      try {
        return future.get();
      } catch (InterruptedException e) {
        request.cancel();
        future.cancel(true);
        throw e;
      } catch (ExecutionException e) {
        throw rethrow(e.getCause(), target);
      }
    } finally {
      client.close(CloseMode.IMMEDIATE);
    }
  }

  private static EgressResponse run(
      CloseableHttpClient client,
      HttpUriRequestBase request,
      EgressPolicy.Target target,
      int maxBodyBytes,
      int redirects)
      throws IOException {
    ClassicHttpResponse response = client.executeOpen(null, request, null);
    try {
      HttpEntity entity = response.getEntity();
      byte[] bytes = new byte[0];
      boolean truncated = false;
      if (entity != null) {
        InputStream in = entity.getContent();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBodyBytes, 64 * 1024));
        byte[] buffer = new byte[16 * 1024];
        int read;
        while (out.size() <= maxBodyBytes && (read = in.read(buffer)) != -1) {
          out.write(buffer, 0, read);
        }
        bytes = out.toByteArray();
        if (bytes.length > maxBodyBytes) {
          truncated = true;
          bytes = java.util.Arrays.copyOf(bytes, maxBodyBytes);
        }
      }
      return new EgressResponse(
          response.getCode(),
          target.uri(),
          headers(response.getHeaders()),
          bytes,
          truncated,
          redirects);
    } finally {
      // Nothing is reused: abort rather than let the library drain what was left unread.
      request.cancel();
      try {
        response.close();
      } catch (IOException ignored) {
        // the connection is gone either way
      }
    }
  }

  /** A client for one exchange, which can reach the checked addresses of the target only. */
  private CloseableHttpClient clientFor(
      EgressPolicy.Target target, Timeout connectTimeout, Duration timeout) {
    DnsResolver pinned = new CheckedAddresses(target);
    BasicHttpClientConnectionManager connections =
        new BasicHttpClientConnectionManager(
            new DefaultHttpClientConnectionOperator(
                sockets, DefaultSchemePortResolver.INSTANCE, pinned, tls),
            null);
    connections.setConnectionConfig(
        ConnectionConfig.custom()
            .setConnectTimeout(connectTimeout)
            .setSocketTimeout(Timeout.of(timeout))
            .build());
    return HttpClients.custom()
        .setConnectionManager(connections)
        .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
        .setProxy(null)
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableContentCompression()
        .disableConnectionState()
        .setUserAgent("Taskforge")
        .build();
  }

  /** Answers the one host the policy checked, with the addresses it checked; nothing else. */
  private record CheckedAddresses(EgressPolicy.Target target) implements DnsResolver {
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      if (name.toLowerCase(Locale.ROOT).equals(target.host().host())) {
        return target.addresses().toArray(InetAddress[]::new);
      }
      throw new UnknownHostException(host + " was not checked by the egress policy");
    }

    @Override
    public String resolveCanonicalHostname(String host) {
      return host;
    }
  }

  private static Optional<URI> redirectTarget(URI from, EgressResponse response) {
    int status = response.statusCode();
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
      return Optional.empty();
    }
    Optional<String> location = response.headers().firstValue("location");
    if (location.isEmpty()) {
      return Optional.empty();
    }
    URI next;
    try {
      next = from.resolve(location.get().trim());
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a URI: the redirect itself is the answer
    }
    boolean downgrade =
        "https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(next.getScheme());
    return downgrade ? Optional.empty() : Optional.of(next);
  }

  private static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
        && Objects.equals(lower(a.getHost()), lower(b.getHost()))
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0
        ? uri.getPort()
        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private static HttpHeaders headers(Header[] headers) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (Header header : headers) {
      map.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
          .add(header.getValue());
    }
    return HttpHeaders.of(map, (name, value) -> true);
  }

  /** The request's body as bytes, null when it has none. */
  private static byte[] body(HttpRequest request) throws IOException {
    Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
    if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
      return methodsWithoutBody(request.method()) ? null : new byte[0];
    }
    CompletableFuture<byte[]> bytes = new CompletableFuture<>();
    publisher
        .get()
        .subscribe(
            new Flow.Subscriber<>() {
              private final ByteArrayOutputStream out = new ByteArrayOutputStream();

              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.writeBytes(chunk);
              }

              @Override
              public void onError(Throwable error) {
                bytes.completeExceptionally(error);
              }

              @Override
              public void onComplete() {
                bytes.complete(out.toByteArray());
              }
            });
    try {
      return bytes.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the request body", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("could not read the request body: " + e.getMessage(), e);
    }
  }

  private static boolean methodsWithoutBody(String method) {
    return method.equals("GET") || method.equals("HEAD") || method.equals("DELETE");
  }

  private static IOException rethrow(Throwable cause, EgressPolicy.Target target) {
    String where = target.host().display() + ":" + target.port();
    if (cause instanceof ConnectTimeoutException e) {
      HttpConnectTimeoutException timeout =
          new HttpConnectTimeoutException("connecting to " + where + " timed out");
      timeout.initCause(e);
      return timeout;
    }
    if (cause instanceof SocketTimeoutException e) {
      HttpTimeoutException timeout = new HttpTimeoutException(where + " did not answer in time");
      timeout.initCause(e);
      return timeout;
    }
    if (cause instanceof IOException e) {
      return e;
    }
    if (cause instanceof RuntimeException e) {
      throw e;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new IOException(cause);
  }

  @Override
  public void close() {
    exchanges.shutdownNow();
  }
}

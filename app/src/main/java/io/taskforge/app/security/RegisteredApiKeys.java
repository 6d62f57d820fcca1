package io.taskforge.app.security;

import io.taskforge.app.web.Blocking;
import io.taskforge.workflows.apikey.ApiKeyEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * This instance's copy of the keys made through the API. It is read from the registry on first use,
 * again in the background once older than {@code taskforge.security.key-refresh}, at once after a
 * change made here, and when an unknown key comes in (at most once a second, so a flood of wrong
 * keys cannot flood Temporal). A key created on another instance works here at once; one revoked
 * there stops working here within the refresh period.
 */
@Component
public class RegisteredApiKeys implements ApiKeySource {
  private static final Logger log = LoggerFactory.getLogger(RegisteredApiKeys.class);
  static final Duration MISS_REREAD = Duration.ofSeconds(1);

  private final ApiKeyRegistry registry;
  private final Blocking blocking;
  private final Duration refresh;
  private volatile Snapshot snapshot;
  private final AtomicReference<Mono<Snapshot>> reading = new AtomicReference<>();

  private record Snapshot(List<KnownKey> keys, Instant readAt) {
    Duration age() {
      return Duration.between(readAt, Instant.now());
    }
  }

  public RegisteredApiKeys(ApiKeyRegistry registry, Blocking blocking, SecuritySettings settings) {
    this.registry = registry;
    this.blocking = blocking;
    this.refresh = settings.keyRefresh();
  }

  @Override
  public Mono<KnownKey> find(byte[] sha256) {
    Snapshot current = snapshot;
    if (current == null) {
      return read()
          .onErrorMap(
              e -> {
                // The detail (a gRPC status, maybe naming Temporal's address) is for the log only.
                log.warn("the API key registry cannot be read to check a key: {}", e.toString());
                return new AuthenticationServiceException("the API key registry cannot be read", e);
              })
          .mapNotNull(fresh -> ApiKeySource.match(fresh.keys(), sha256));
    }
    KnownKey hit = ApiKeySource.match(current.keys(), sha256);
    if (hit != null) {
      if (current.age().compareTo(refresh) > 0) {
        read().subscribe(fresh -> {}, e -> {}); // in the background; this request goes on
      }
      return Mono.just(hit);
    }
    if (current.age().compareTo(MISS_REREAD) < 0) {
      return Mono.empty();
    }
    return read()
        .onErrorResume(e -> Mono.just(current))
        .mapNotNull(fresh -> ApiKeySource.match(fresh.keys(), sha256));
  }

  /** Reads the registry now (blocking), after a change made through this instance. */
  public void refreshNow() {
    snapshot = new Snapshot(known(registry.read()), Instant.now());
  }

  /** Drops the copy, so the next key is checked against a fresh read (as after a restart). */
  void forget() {
    snapshot = null;
  }

  /** One read at a time: concurrent callers share it. */
  private Mono<Snapshot> read() {
    Mono<Snapshot> running = reading.get();
    if (running != null) {
      return running;
    }
    AtomicReference<Mono<Snapshot>> self = new AtomicReference<>();
    Mono<Snapshot> next =
        blocking
            .call(registry::read)
            .map(entries -> new Snapshot(known(entries), Instant.now()))
            .doOnNext(fresh -> snapshot = fresh)
            .doOnError(e -> log.warn("could not read the API key registry: {}", e.toString()))
            .doFinally(signal -> reading.compareAndSet(self.get(), null))
            .cache();
    self.set(next);
    return reading.compareAndSet(null, next) ? next : read();
  }

  private static List<KnownKey> known(List<ApiKeyEntry> entries) {
    List<KnownKey> keys = new ArrayList<>();
    for (ApiKeyEntry entry : entries) {
      byte[] hash = ApiKeys.parseHex(entry.sha256());
      if (hash != null) {
        keys.add(new KnownKey(entry.id(), entry.name(), entry.tenant(), hash, entry.admin()));
      }
    }
    return List.copyOf(keys);
  }
}

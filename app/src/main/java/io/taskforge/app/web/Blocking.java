package io.taskforge.app.web;

import io.taskforge.app.config.ApiSettings;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs a blocking Temporal client call off the event loop, bounded by the API's Temporal timeout: a
 * call that does not answer in time becomes a {@link java.util.concurrent.TimeoutException}, which
 * the API answers with 503.
 */
@Component
public class Blocking {
  private final ApiSettings settings;

  public Blocking(ApiSettings settings) {
    this.settings = settings;
  }

  public <T> Mono<T> call(Callable<T> call) {
    return Mono.fromCallable(call)
        .subscribeOn(Schedulers.boundedElastic())
        // A little past the client's own limit, so its error (with a reason) usually wins.
        .timeout(settings.temporalTimeout().plusSeconds(1));
  }

  public Mono<Void> run(Runnable call) {
    return call(() -> {
          call.run();
          return Boolean.TRUE;
        })
        .then();
  }
}

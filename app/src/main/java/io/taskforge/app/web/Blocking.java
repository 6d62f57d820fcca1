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

  /**
   * A submission: it starts a workflow, so no timer here may answer 503 while the start is still in
   * flight and could take effect. Each of its Temporal calls is bounded by the API client's own
   * deadline instead ({@code taskforge.api.temporal-timeout}), and a start whose answer is lost is
   * confirmed or refuted before the answer (see {@link Starts}).
   */
  public <T> Mono<T> submit(Callable<T> call) {
    return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
  }

  public Mono<Void> run(Runnable call) {
    return call(() -> {
          call.run();
          return Boolean.TRUE;
        })
        .then();
  }
}

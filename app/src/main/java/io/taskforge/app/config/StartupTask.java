package io.taskforge.app.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * A step of the start that needs Temporal but must not fail the start when the server is not
 * reachable yet: it is tried once at start, then in the background every {@link #RETRY_EVERY} until
 * it succeeds. May run again after a stop (Spring restarts paused contexts), so each start has its
 * own retries.
 */
public abstract class StartupTask implements SmartLifecycle {
  protected static final Duration RETRY_EVERY = Duration.ofSeconds(5);

  private final String threadName;
  private ScheduledExecutorService retries;
  private volatile boolean running;

  /** {@code threadName} names the background thread that retries. */
  protected StartupTask(String threadName) {
    this.threadName = threadName;
  }

  /** One try: true when done, false (having logged why) to try again later. */
  protected abstract boolean tryOnce();

  @Override
  public synchronized void start() {
    running = true;
    if (!tryOnce()) {
      ScheduledExecutorService retries =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name(threadName).daemon().factory());
      this.retries = retries;
      retries.scheduleWithFixedDelay(
          () -> {
            if (tryOnce()) {
              retries.shutdown();
            }
          },
          RETRY_EVERY.toMillis(),
          RETRY_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void stop() {
    if (retries != null) {
      retries.shutdownNow();
      retries = null;
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}

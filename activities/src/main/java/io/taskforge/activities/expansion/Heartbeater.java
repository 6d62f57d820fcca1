package io.taskforge.activities.expansion;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats one activity attempt: when asked (once per item, between retry sleeps) and in the
 * background, so a handler that runs longer than the heartbeat timeout without reporting progress
 * does not get its whole batch timed out. Learns of a cancel from a heartbeat; then {@link #beat}
 * throws it and the activity thread is interrupted, as the task dispatcher does.
 */
final class Heartbeater implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Heartbeater.class);

  private final ActivityExecutionContext execution;
  private final Thread activityThread = Thread.currentThread();
  private final long periodMillis;
  private final Thread background;
  private volatile Object details;
  private volatile ActivityCompletionException completion;
  private boolean closed;

  Heartbeater(ActivityExecutionContext execution, Object details) {
    this.execution = execution;
    this.details = details;
    Duration timeout = execution.getInfo().getHeartbeatTimeout();
    this.periodMillis = timeout.isZero() ? 5_000 : Math.max(200, timeout.toMillis() / 3);
    this.background = Thread.ofVirtual().name("expansion-heartbeat").start(this::beatInBackground);
  }

  /** Heartbeats with new details; throws if the activity has been cancelled. */
  void beat(Object newDetails) {
    details = newDetails;
    beat();
  }

  /** Heartbeats with the current details; throws if the activity has been cancelled. */
  void beat() {
    send(false);
    if (completion != null) {
      throw completion;
    }
  }

  /** Heartbeats without throwing, for a handler's progress reports. */
  void pulse() {
    send(false);
  }

  boolean isCancelled() {
    return completion != null;
  }

  /** The cancel (or other completion) a heartbeat reported; null while there is none. */
  ActivityCompletionException completion() {
    return completion;
  }

  /** Sleeps, heartbeating at least every heartbeat period; throws on a cancel. */
  void sleep(Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    long left;
    while ((left = end - System.nanoTime()) > 0) {
      Thread.sleep(Math.min(periodMillis, Math.max(1, left / 1_000_000)));
      beat();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    background.interrupt();
    Thread.interrupted(); // a cancel may have interrupted this thread; the SDK reuses it
  }

  private void beatInBackground() {
    while (true) {
      try {
        Thread.sleep(periodMillis);
      } catch (InterruptedException e) {
        return;
      }
      if (!send(true)) {
        return;
      }
    }
  }

  /** Returns false once closed or cancelled, when the background beat should stop. */
  private synchronized boolean send(boolean fromBackground) {
    if (closed || completion != null) {
      return false;
    }
    try {
      execution.heartbeat(details);
      return true;
    } catch (ActivityCompletionException e) {
      completion = e;
      if (fromBackground) {
        activityThread.interrupt(); // wakes a handler blocked in sleep or I/O
      }
      return false;
    } catch (RuntimeException e) {
      log.debug("expansion heartbeat failed: {}", e.toString());
      return true;
    }
  }
}

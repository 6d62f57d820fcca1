package io.taskforge.activities.sleep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskforge.activities.TaskCancelledException;
import io.taskforge.activities.TestTaskContext;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SleepHandlerTest {
  private final SleepHandler handler = new SleepHandler();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @TempDir Path artifacts;

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
  }

  @Test
  void shortSleep_completesWithProgressAndEchoesMessage() throws Exception {
    TestTaskContext context = TestTaskContext.firstAttempt(artifacts);

    TaskOutput output =
        handler.handle(input(Map.of("duration", "600ms", "message", "hello")), context);

    assertThat((Long) output.data().get("sleptMillis")).isGreaterThanOrEqualTo(600);
    assertThat(output.data()).containsEntry("attempt", 1).containsEntry("message", "hello");
    assertThat(context.progress()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(context.progress().getLast().percent()).isEqualTo(100);
  }

  @Test
  void attemptsWithinFailAttempts_failRetryablyThenTheNextSucceeds() throws Exception {
    Map<String, Object> params = Map.of("duration", "10ms", "failAttempts", 2);

    for (int attempt = 1; attempt <= 2; attempt++) {
      TestTaskContext context = TestTaskContext.attempt(artifacts, attempt);
      assertThatThrownBy(() -> handler.handle(input(params), context))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              failure -> {
                assertThat(failure.getType()).isEqualTo(SleepHandler.SLEEP_FAILURE);
                assertThat(failure.isNonRetryable()).isFalse();
              });
    }
    TaskOutput output = handler.handle(input(params), TestTaskContext.attempt(artifacts, 3));

    assertThat(output.data()).containsEntry("attempt", 3);
  }

  @Test
  void cancelWithoutInterrupt_stopsTheSleepAtTheNextStep() throws Exception {
    TestTaskContext context = TestTaskContext.firstAttempt(artifacts);
    Future<TaskOutput> running = start(context);
    awaitProgress(context, 2);

    context.cancel();

    assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TaskCancelledException.class);
  }

  @Test
  void cancelWithInterrupt_stopsTheSleepAtOnce() throws Exception {
    TestTaskContext context = TestTaskContext.firstAttempt(artifacts);
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    Future<TaskOutput> running =
        executor.submit(
            () -> {
              thread.complete(Thread.currentThread());
              return handler.handle(input(Map.of("duration", "1h")), context);
            });
    awaitProgress(context, 1);

    context.cancel();
    thread.get().interrupt(); // as the worker does when a heartbeat learns of the cancel

    assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TaskCancelledException.class);
  }

  @Test
  void interruptWithoutCancel_failsTheAttemptAsInterrupted() throws Exception {
    TestTaskContext context = TestTaskContext.firstAttempt(artifacts);
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    Future<TaskOutput> running =
        executor.submit(
            () -> {
              thread.complete(Thread.currentThread());
              return handler.handle(input(Map.of("duration", "1h")), context);
            });
    awaitProgress(context, 1);

    thread.get().interrupt();

    assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InterruptedException.class);
  }

  private Future<TaskOutput> start(TestTaskContext context) {
    return executor.submit(() -> handler.handle(input(Map.of("duration", "1h")), context));
  }

  private static void awaitProgress(TestTaskContext context, int reports)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (context.progress().size() < reports && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(context.progress()).hasSizeGreaterThanOrEqualTo(reports);
  }

  private TaskActivityInput input(Map<String, Object> params) {
    return new TaskActivityInput("task-1", "sleep", handler.definition().withDefaults(params));
  }
}

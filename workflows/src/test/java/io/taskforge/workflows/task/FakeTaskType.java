package io.taskforge.workflows.task;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.activity.DynamicActivity;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A hand-written stand-in for a task type's worker. Like the real worker it reports each attempt to
 * the task's workflow with the {@code activityStarted} signal, then does what its {@link Behaviour}
 * says, and records what it saw so tests can assert on it.
 */
final class FakeTaskType implements DynamicActivity {

  /** What one attempt does. */
  @FunctionalInterface
  interface Behaviour {
    TaskOutput attempt(int attempt, ActivityExecutionContext context) throws InterruptedException;
  }

  /** One attempt as the worker saw it; {@code startedAt} is the (time-skipping) server clock. */
  record Attempt(
      int number,
      Instant startedAt,
      String activityType,
      TaskActivityInput input,
      int priorityKey) {}

  static final TaskOutput OUTPUT = TaskOutput.of(Map.of("slept", "PT1S"));

  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

  private final WorkflowClient client;
  private final LongSupplier clock;
  private final Behaviour behaviour;
  private final CountDownLatch startGate;
  private final CountDownLatch entered = new CountDownLatch(1);
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private volatile boolean cancellationSeen;

  private FakeTaskType(
      WorkflowClient client, LongSupplier clock, Behaviour behaviour, boolean holdBeforeStart) {
    this.client = client;
    this.clock = clock;
    this.behaviour = behaviour;
    this.startGate = new CountDownLatch(holdBeforeStart ? 1 : 0);
  }

  static FakeTaskType of(WorkflowClient client, LongSupplier clock, Behaviour behaviour) {
    return new FakeTaskType(client, clock, behaviour, false);
  }

  /** A fake that picks up its task but reports the start only after {@link #letStart()}. */
  static FakeTaskType holdingBeforeStart(
      WorkflowClient client, LongSupplier clock, Behaviour behaviour) {
    return new FakeTaskType(client, clock, behaviour, true);
  }

  static Behaviour succeeds() {
    return (attempt, context) -> OUTPUT;
  }

  static Behaviour failsThenSucceeds(int failures, String errorType) {
    return (attempt, context) -> {
      if (attempt <= failures) {
        throw ApplicationFailure.newFailure("attempt " + attempt + " failed", errorType);
      }
      return OUTPUT;
    };
  }

  static Behaviour alwaysFails(String errorType) {
    return (attempt, context) -> {
      throw ApplicationFailure.newFailure("attempt " + attempt + " failed", errorType);
    };
  }

  static Behaviour failsNonRetryably(String errorType) {
    return (attempt, context) -> {
      throw ApplicationFailure.newNonRetryableFailure("bad request", errorType);
    };
  }

  /** Works until told to stop: the heartbeat throws once the task is cancelled or timed out. */
  static Behaviour heartbeatsUntilStopped() {
    return (attempt, context) -> {
      long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
      while (System.nanoTime() < deadline) {
        context.heartbeat(null);
        Thread.sleep(100);
      }
      throw new IllegalStateException("was never stopped");
    };
  }

  /** Blocks until {@code release} opens, then succeeds. */
  static Behaviour succeedsWhenReleased(CountDownLatch release) {
    return (attempt, context) -> {
      if (!release.await(GIVE_UP_AFTER.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("was never released");
      }
      return OUTPUT;
    };
  }

  @Override
  public Object execute(EncodedValues args) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ActivityInfo info = context.getInfo();
    entered.countDown();
    try {
      if (!startGate.await(GIVE_UP_AFTER.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("was never let start");
      }
      Instant startedAt = Instant.ofEpochMilli(clock.getAsLong());
      attempts.add(
          new Attempt(
              info.getAttempt(),
              startedAt,
              info.getActivityType(),
              args.get(0, TaskActivityInput.class),
              info.getPriority().getPriorityKey()));
      client
          .newWorkflowStub(TaskWorkflow.class, info.getWorkflowId())
          .activityStarted(new ActivityStarted(info.getAttempt(), startedAt, "fake-worker"));
      return behaviour.attempt(info.getAttempt(), context);
    } catch (ActivityCanceledException e) {
      cancellationSeen = true;
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }

  void letStart() {
    startGate.countDown();
  }

  boolean awaitEntered() throws InterruptedException {
    return entered.await(GIVE_UP_AFTER.toSeconds(), TimeUnit.SECONDS);
  }

  List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  boolean cancellationSeen() {
    return cancellationSeen;
  }
}

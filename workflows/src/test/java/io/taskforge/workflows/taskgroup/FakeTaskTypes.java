package io.taskforge.workflows.taskgroup;

import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.DynamicActivity;
import io.temporal.client.ActivityCanceledException;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hand-written stand-in for the workers of every task type, configured per type. A type with no
 * behaviour set echoes: its output is its params. It records what it ran, in order, how many ran at
 * once, and which runs saw a cancellation.
 */
public final class FakeTaskTypes implements DynamicActivity {

  /** What one run of a task type does with its (rendered) params. */
  @FunctionalInterface
  public interface Behaviour {
    Map<String, Object> run(Map<String, Object> params, FakeTaskTypes fake)
        throws InterruptedException;
  }

  /** One run as the worker saw it. */
  public record Run(String taskId, String type, Map<String, Object> params) {}

  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
  private final List<Run> runs = new CopyOnWriteArrayList<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
  private int inFlight;
  private int maxInFlight;

  public FakeTaskTypes with(String type, Behaviour behaviour) {
    behaviours.put(type, behaviour);
    return this;
  }

  public static Behaviour echo() {
    return (params, fake) -> params;
  }

  public static Behaviour returns(Map<String, Object> output) {
    return (params, fake) -> output;
  }

  public static Behaviour failsNonRetryably() {
    return (params, fake) -> {
      throw ApplicationFailure.newNonRetryableFailure("disk full", "Boom");
    };
  }

  public static Behaviour failsRetryably() {
    return (params, fake) -> {
      throw ApplicationFailure.newFailure("remote unavailable", "Flaky");
    };
  }

  /** Works until told to stop: the heartbeat throws once the task is cancelled. */
  public static Behaviour heartbeatsUntilCancelled() {
    return (params, fake) -> {
      ActivityExecutionContext context = Activity.getExecutionContext();
      long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
      while (System.nanoTime() < deadline) {
        context.heartbeat(null);
        Thread.sleep(20);
      }
      throw new IllegalStateException("was never cancelled");
    };
  }

  /**
   * Echoes once {@code peers} runs (itself included) are in flight together, or after {@code
   * patience}, so runs that may overlap do overlap.
   */
  public static Behaviour echoesWithPeers(int peers, Duration patience) {
    return (params, fake) -> {
      fake.awaitInFlight(peers, patience);
      return params;
    };
  }

  /** Echoes once a run of {@code taskId} has started, so that one is surely running. */
  public static Behaviour echoesAfterStartOf(String taskId) {
    return (params, fake) -> {
      long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
      while (fake.runs().stream().noneMatch(run -> run.taskId().equals(taskId))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(taskId + " never started");
        }
        Thread.sleep(10);
      }
      return params;
    };
  }

  @Override
  public Object execute(EncodedValues args) {
    TaskActivityInput input = args.get(0, TaskActivityInput.class);
    Behaviour behaviour = behaviours.getOrDefault(input.type(), echo());
    runs.add(new Run(input.taskId(), input.type(), input.params()));
    events.add("start " + input.taskId());
    enter();
    try {
      Map<String, Object> output = behaviour.run(input.params(), this);
      events.add("end " + input.taskId());
      return TaskOutput.of(new LinkedHashMap<>(output));
    } catch (ActivityCanceledException e) {
      cancelled.add(input.taskId());
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    } finally {
      leave();
    }
  }

  private synchronized void enter() {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    notifyAll();
  }

  private synchronized void leave() {
    inFlight--;
    notifyAll();
  }

  private synchronized void awaitInFlight(int peers, Duration patience)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (inFlight < peers) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  public List<Run> runs() {
    return List.copyOf(runs);
  }

  /** The task ids that ran, in the order they started. */
  public List<String> ranTaskIds() {
    return runs.stream().map(Run::taskId).toList();
  }

  public Run runOf(String taskId) {
    return runs.stream()
        .filter(run -> run.taskId().equals(taskId))
        .findFirst()
        .orElseThrow(() -> new AssertionError(taskId + " never ran; ran: " + ranTaskIds()));
  }

  /** "start id" and "end id" (successful ends only), in the order they happened. */
  public List<String> events() {
    return List.copyOf(events);
  }

  public synchronized int maxInFlight() {
    return maxInFlight;
  }

  public Set<String> cancelled() {
    return Set.copyOf(cancelled);
  }
}

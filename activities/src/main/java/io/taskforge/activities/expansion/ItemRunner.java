package io.taskforge.activities.expansion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.TaskCancelledException;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.expansion.ItemFailure;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.taskgroup.TemplateException;
import io.taskforge.workflows.taskgroup.TemplateScope;
import io.taskforge.workflows.taskgroup.Templates;
import io.taskforge.workflows.tasktype.ParamError;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs one item of an expansion through its task type's handler, in this thread, with the task's
 * retry policy. The item's params are the task's params rendered with {@code item} and {@code
 * index}; params that do not render or validate fail the item without running it (0 attempts).
 */
final class ItemRunner {
  /** The failure type of an item whose handler returned something that is not JSON. */
  static final String OUTPUT_NOT_JSON = "OutputNotJson";

  private static final Duration LONGEST_BUDGET = Duration.ofDays(3650);

  private final String expansionId;
  private final TaskInput task;
  private final TaskHandler handler;
  private final TemplateScope scope;
  private final ArtifactStore store;
  private final ObjectMapper json;

  ItemRunner(
      String expansionId,
      TaskInput task,
      TaskHandler handler,
      TemplateScope scope,
      ArtifactStore store,
      ObjectMapper json) {
    this.expansionId = expansionId;
    this.task = task;
    this.handler = handler;
    this.scope = scope;
    this.store = store;
    this.json = json;
  }

  /** How an item ended. */
  sealed interface Outcome {}

  /** The item succeeded; its output as compact JSON. */
  record Succeeded(String outputJson) implements Outcome {}

  record Failed(ItemFailure failure) implements Outcome {}

  /**
   * Runs the item until it succeeds or its retries are spent.
   *
   * @throws ActivityCompletionException when the activity was cancelled
   * @throws InterruptedException when the thread was interrupted without a cancel (the worker is
   *     stopping): the batch fails and is retried, keeping the items it finished
   */
  Outcome run(Object item, long index, Heartbeater heartbeat) throws InterruptedException {
    Map<String, Object> params;
    try {
      params = params(item, index);
    } catch (TemplateException e) {
      return failed(index, FailureTypes.INVALID_PARAMS, e.getMessage(), 0);
    }
    List<ParamError> errors = handler.definition().validate(params);
    if (!errors.isEmpty()) {
      String message =
          errors.stream()
              .map(e -> e.field() + ": " + e.message())
              .collect(Collectors.joining("; "));
      return failed(index, FailureTypes.INVALID_PARAMS, message, 0);
    }
    params = handler.definition().withDefaults(params);

    RetrySpec retry = task.retry();
    Duration budget = min(task.timeouts().execution(), LONGEST_BUDGET);
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      TaskOutput output;
      try {
        output =
            handler.handle(
                new TaskActivityInput(expansionId, task.type(), params),
                ExpansionTaskContext.forItem(expansionId, index, attempt, store, heartbeat));
      } catch (ActivityCompletionException e) {
        throw e;
      } catch (InterruptedException e) {
        if (heartbeat.isCancelled()) {
          throw heartbeat.completion();
        }
        throw e;
      } catch (Exception e) {
        if (heartbeat.isCancelled()) {
          throw heartbeat.completion();
        }
        String type = typeOf(e);
        boolean retryable =
            !(e instanceof TaskCancelledException)
                && !(e instanceof ApplicationFailure failure && failure.isNonRetryable())
                && !retry.nonRetryableErrorTypes().contains(type);
        Duration delay = delay(retry, attempt);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        boolean attemptsLeft = retry.maximumAttempts() == 0 || attempt < retry.maximumAttempts();
        if (!retryable || !attemptsLeft || elapsed.plus(delay).compareTo(budget) >= 0) {
          return failed(index, type, messageOf(e), attempt);
        }
        heartbeat.sleep(delay);
        continue;
      }
      try {
        return new Succeeded(json.writeValueAsString(outputValue(output)));
      } catch (JsonProcessingException e) {
        return failed(index, OUTPUT_NOT_JSON, e.getOriginalMessage(), attempt);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> params(Object item, long index) {
    return (Map<String, Object>)
        Templates.render(task.params(), scope.forItem(item, Math.toIntExact(index)));
  }

  /** The item's output: the handler's data, or the reference to where it stored it. */
  private Object outputValue(TaskOutput output) {
    return output.dataRef() != null
        ? json.convertValue(output.dataRef(), Map.class)
        : output.data();
  }

  /** The wait before attempt {@code attempt + 1}. */
  static Duration delay(RetrySpec retry, int attempt) {
    double millis =
        retry.initialInterval().toMillis() * Math.pow(retry.backoffCoefficient(), attempt - 1);
    return Duration.ofMillis((long) Math.min(millis, retry.maximumInterval().toMillis()));
  }

  /** As Temporal types failures: an ApplicationFailure's own type, else the exception's class. */
  private static String typeOf(Exception e) {
    return e instanceof ApplicationFailure failure ? failure.getType() : e.getClass().getName();
  }

  private static String messageOf(Exception e) {
    String message =
        e instanceof ApplicationFailure failure ? failure.getOriginalMessage() : e.getMessage();
    return message == null ? e.getClass().getName() : message;
  }

  private static Failed failed(long index, String type, String message, int attempts) {
    return new Failed(new ItemFailure(index, type, message, attempts));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}

package io.taskforge.activities.expansion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.expansion.ExpansionActivities.BatchInput;
import io.taskforge.workflows.expansion.ExpansionActivities.BatchResult;
import io.taskforge.workflows.expansion.ExpansionResult;
import io.taskforge.workflows.expansion.ItemFailure;
import io.taskforge.workflows.taskgroup.TemplateScope;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One attempt of {@code runBatch}: runs the items of {@code [from, to)} in order, skipping those
 * that are already done, appending each finished item to the range's partial file, and at the end
 * writing the range's part file.
 *
 * <p>What counts as done: with {@code resume}, the items of this range's part file and the
 * successes in its partial file (an earlier run's outputs; its failures run again). In an attempt
 * that retries this activity (a worker died), everything in the partial file, failures included,
 * since this run already decided them.
 */
final class BatchRun {
  /**
   * The failure type of a batch whose items file is missing (retried: a shared volume may come
   * back) or shorter than its range (not retried).
   */
  static final String ITEMS_UNAVAILABLE = "ItemsUnavailable";

  private final BatchInput input;
  private final ArtifactStore store;
  private final ObjectMapper json;
  private final ItemsFile items;
  private final PartFiles parts;
  private final ItemRunner runner;
  private final ExpansionMetrics metrics;
  private final TreeMap<Long, String> succeeded = new TreeMap<>();
  private final TreeMap<Long, ItemFailure> failed = new TreeMap<>();

  BatchRun(
      BatchInput input,
      TaskHandler handler,
      ArtifactStore store,
      ObjectMapper json,
      ExpansionMetrics metrics) {
    this.input = input;
    this.metrics = metrics;
    this.store = store;
    this.json = json;
    this.items = new ItemsFile(store, json);
    this.parts = new PartFiles(store, json);
    this.runner =
        new ItemRunner(
            input.expansionId(),
            input.task(),
            handler,
            TemplateScope.of(input.context(), input.taskOutputs()),
            store,
            json);
  }

  BatchResult run() {
    ActivityExecutionContext execution = Activity.getExecutionContext();
    Optional<BatchCheckpoint> checkpoint = execution.getHeartbeatDetails(BatchCheckpoint.class);
    boolean retried = checkpoint.isPresent() || execution.getInfo().getAttempt() > 1;
    String id = input.expansionId();
    long from = input.from();
    long to = input.to();
    try (Heartbeater heartbeat = new Heartbeater(execution, checkpoint(from - 1))) {
      try {
        restore(retried);
        try (PartFiles.Partial partial = parts.openPartial(id, from, to, restoredLines());
            BufferedReader reader = items.openAt(input.items(), from)) {
          long last = from - 1;
          for (long i = from; i < to; i++) {
            String line = reader.readLine();
            if (line == null) {
              throw ApplicationFailure.newNonRetryableFailure(
                  "the items file ends before item " + i, ITEMS_UNAVAILABLE);
            }
            heartbeat.beat(checkpoint(last));
            if (!succeeded.containsKey(i) && !failed.containsKey(i)) {
              record(i, runner.run(json.readValue(line, Object.class), i, heartbeat), partial);
            }
            last = i;
          }
          heartbeat.beat(checkpoint(last));
          parts.writePart(id, from, to, succeeded.values());
          partial.discard();
        }
      } catch (ActivityCompletionException | ApplicationFailure e) {
        throw e;
      } catch (Exception e) {
        if (heartbeat.isCancelled()) {
          throw heartbeat.completion();
        }
        if (e instanceof IOException && store.find(id, input.items().name()).isEmpty()) {
          throw ApplicationFailure.newFailure(
              "the items file " + input.items().name() + " is missing", ITEMS_UNAVAILABLE);
        }
        throw Activity.wrap(e);
      }
    }
    List<ItemFailure> reported =
        failed.values().stream().limit(ExpansionResult.MAX_REPORTED_FAILURES).toList();
    return new BatchResult(from, to, succeeded.size(), failed.size(), new ArrayList<>(reported));
  }

  /** Loads what earlier runs or attempts finished in this range. */
  private void restore(boolean retried) throws IOException {
    String id = input.expansionId();
    long from = input.from();
    long to = input.to();
    if (input.resume()) {
      parts.read(id, PartFiles.partName(from, to), false, this::keep);
    }
    if (input.resume() || retried) {
      parts.read(
          id,
          PartFiles.partialName(from, to),
          true,
          entry -> {
            if (entry.succeeded() || retried) {
              keep(entry);
            }
          });
    }
  }

  private void keep(PartFiles.Entry entry) {
    if (entry.index() < input.from() || entry.index() >= input.to()) {
      return;
    }
    if (entry.succeeded()) {
      succeeded.put(entry.index(), entry.line());
      failed.remove(entry.index());
    } else if (!succeeded.containsKey(entry.index())) {
      failed.put(entry.index(), entry.failure());
    }
  }

  /** The kept entries, which start the partial file again: torn lines and stale failures go. */
  private List<String> restoredLines() throws IOException {
    List<String> lines = new ArrayList<>(succeeded.values());
    for (ItemFailure failure : failed.values()) {
      lines.add(parts.failureLine(failure));
    }
    return lines;
  }

  private void record(long index, ItemRunner.Outcome outcome, PartFiles.Partial partial)
      throws IOException {
    switch (outcome) {
      case ItemRunner.Succeeded success -> {
        String line = PartFiles.outputLine(index, success.outputJson());
        partial.append(line);
        succeeded.put(index, line);
        metrics.itemRun(input.task().type(), true);
      }
      case ItemRunner.Failed failure -> {
        partial.append(parts.failureLine(failure.failure()));
        failed.put(index, failure.failure());
        metrics.itemRun(input.task().type(), false);
      }
    }
  }

  private BatchCheckpoint checkpoint(long lastCompletedIndex) {
    return new BatchCheckpoint(
        input.from(), input.to(), lastCompletedIndex, succeeded.size() + failed.size());
  }
}

package io.taskforge.activities.expansion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.LogKeys;
import io.taskforge.workflows.expansion.ExpansionActivities;
import io.taskforge.workflows.task.ArtifactRef;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.Progress;
import io.taskforge.workflows.taskgroup.ExpansionOutputs;
import io.taskforge.workflows.taskgroup.ExpansionPlanner;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.taskforge.workflows.taskgroup.TemplateException;
import io.taskforge.workflows.taskgroup.TemplateScope;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The expansion activities of this worker: items and outputs go through the artifact store under
 * the expansion's id, and items run in-process through this worker's {@link TaskHandler}s, so an
 * expansion of 100,000 items costs a few hundred activities, not 100,000 task workflows.
 */
@Component
public class ExpansionActivitiesImpl implements ExpansionActivities {
  static final String MERGED = "merged.json";

  private final Map<String, TaskHandler> handlers;
  private final ArtifactStore store;
  private final ObjectMapper json;
  private final ItemsFile items;
  private final PartFiles parts;
  private final ExpansionMetrics metrics;

  public ExpansionActivitiesImpl(
      List<TaskHandler> handlers, ArtifactStore store, MeterRegistry registry) {
    this.handlers =
        handlers.stream()
            .collect(Collectors.toMap(h -> h.definition().name(), Function.identity()));
    this.store = store;
    // Encoded as Temporal encodes payloads, so stored outputs read like those in history.
    this.json = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    this.items = new ItemsFile(store, json);
    this.parts = new PartFiles(store, json);
    this.metrics = new ExpansionMetrics(registry);
  }

  @Override
  public PreparedItems prepare(PrepareInput input) {
    ActivityExecutionContext execution = Activity.getExecutionContext();
    String id = input.expansionId();
    try (Heartbeater heartbeat = new Heartbeater(execution, progress(0, 1, "preparing items"))) {
      try {
        if (input.resume()) {
          Optional<ItemsFile.Stored> existing = items.existing(id, heartbeat);
          if (existing.isPresent()) {
            return new PreparedItems(existing.get().ref(), existing.get().count());
          }
        } else {
          parts.deleteAll(id); // an earlier run's outputs must not reach this run's merge
        }
        List<?> resolved = resolve(input, heartbeat);
        ItemsFile.Stored stored = items.write(id, resolved, heartbeat);
        metrics.prepared(input.spec().type(), stored.count());
        return new PreparedItems(stored.ref(), stored.count());
      } catch (ActivityCompletionException | ApplicationFailure e) {
        throw e;
      } catch (Exception e) {
        throw heartbeat.isCancelled() ? heartbeat.completion() : Activity.wrap(e);
      }
    }
  }

  @Override
  public BatchResult runBatch(BatchInput input) {
    if (input.from() < 0 || input.to() < input.from()) {
      throw invalidParams("batch range [" + input.from() + ", " + input.to() + ") is not valid");
    }
    TaskHandler handler = handlers.get(input.task().type());
    if (handler == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no handler for task type " + input.task().type() + " on this worker",
          FailureTypes.UNKNOWN_TASK_TYPE);
    }
    // An expansion's id is the task id its items report under (their artifacts, their logs).
    LogKeys.put(LogKeys.TASK_ID, input.expansionId());
    LogKeys.put(LogKeys.TASK_TYPE, input.task().type());
    try {
      return new BatchRun(input, handler, store, json, metrics).run();
    } finally {
      LogKeys.remove(LogKeys.TASK_ID, LogKeys.TASK_TYPE);
    }
  }

  @Override
  public MergedOutput merge(MergeInput input) {
    ActivityExecutionContext execution = Activity.getExecutionContext();
    String id = input.expansionId();
    try (Heartbeater heartbeat = new Heartbeater(execution, progress(0, 1, "merging outputs"))) {
      try {
        Object[] outputs = new Object[Math.toIntExact(input.total())];
        List<String> names = parts.partNames(id);
        for (int n = 0; n < names.size(); n++) {
          heartbeat.beat(progress(n, names.size(), "merging outputs"));
          // In name order, which is item order: a later part wins for an index.
          parts.readOutputs(
              id,
              names.get(n),
              (index, output) -> {
                if (index >= 0 && index < outputs.length) {
                  outputs[(int) index] = output;
                }
              });
        }
        Object value = combine(input, Arrays.asList(outputs));
        byte[] encoded = json.writeValueAsBytes(value);
        if (encoded.length > input.inlineLimitBytes()) {
          ArtifactRef ref = store.write(id, MERGED, "application/json", encoded);
          return new MergedOutput(null, ref);
        }
        return new MergedOutput(value, null);
      } catch (ActivityCompletionException | ApplicationFailure e) {
        throw e;
      } catch (Exception e) {
        throw heartbeat.isCancelled() ? heartbeat.completion() : Activity.wrap(e);
      }
    }
  }

  private List<?> resolve(PrepareInput input, Heartbeater heartbeat) throws Exception {
    ExpansionSpec spec = input.spec();
    TemplateScope scope = TemplateScope.of(input.context(), input.taskOutputs());
    return switch (spec.type()) {
      case ARRAY, MATRIX -> {
        try {
          yield ExpansionPlanner.items(spec, scope);
        } catch (TemplateException | IllegalArgumentException e) {
          throw invalidParams("expansion items: " + e.getMessage());
        }
      }
      case CUSTOM ->
          new CustomItems(handlers, store, json)
              .resolve(input.expansionId(), spec, scope, heartbeat);
    };
  }

  private static Object combine(MergeInput input, List<Object> outputs) {
    return switch (input.spec().output()) {
      case MERGE -> {
        try {
          yield ExpansionOutputs.merged(outputs, input.spec().mergeMaps());
        } catch (IllegalArgumentException e) {
          throw invalidParams(e.getMessage());
        }
      }
      case SEPARATE -> ExpansionOutputs.separate(input.taskName(), outputs);
      case SINGLE ->
          throw invalidParams("output SINGLE runs one execution and has nothing to merge");
    };
  }

  static ApplicationFailure invalidParams(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_PARAMS);
  }

  static Progress progress(long done, long total, String message) {
    return new Progress(total == 0 ? 100 : 100.0 * done / total, message, Instant.now());
  }
}

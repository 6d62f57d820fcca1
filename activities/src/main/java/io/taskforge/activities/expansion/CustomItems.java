package io.taskforge.activities.expansion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.TaskCancelledException;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.task.ArtifactRef;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.taskforge.workflows.taskgroup.TemplateException;
import io.taskforge.workflows.taskgroup.TemplateScope;
import io.taskforge.workflows.taskgroup.Templates;
import io.taskforge.workflows.tasktype.ParamError;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The items of a CUSTOM expansion: its handler runs in-process with the rendered custom params and
 * returns them as a list under {@code items}. Its artifacts go under the expansion, prefixed {@code
 * custom-}.
 */
final class CustomItems {
  static final String ITEMS_KEY = "items";

  private final Map<String, TaskHandler> handlers;
  private final ArtifactStore store;
  private final ObjectMapper json;

  CustomItems(Map<String, TaskHandler> handlers, ArtifactStore store, ObjectMapper json) {
    this.handlers = handlers;
    this.store = store;
    this.json = json;
  }

  List<?> resolve(
      String expansionId, ExpansionSpec spec, TemplateScope scope, Heartbeater heartbeat)
      throws Exception {
    String type = spec.customType();
    TaskHandler handler = handlers.get(type);
    if (handler == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no handler for custom expansion type " + type + " on this worker",
          FailureTypes.UNKNOWN_TASK_TYPE);
    }
    Map<String, Object> params = render(spec, scope, type);
    List<ParamError> errors = handler.definition().validate(params);
    if (!errors.isEmpty()) {
      throw ExpansionActivitiesImpl.invalidParams(
          "custom expansion '"
              + type
              + "': "
              + errors.stream()
                  .map(e -> e.field().replaceFirst("^params", "customParams") + ": " + e.message())
                  .collect(Collectors.joining("; ")));
    }
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    TaskOutput output;
    try {
      output =
          handler.handle(
              new TaskActivityInput(expansionId, type, handler.definition().withDefaults(params)),
              ExpansionTaskContext.forItemSource(expansionId, attempt, store, heartbeat));
    } catch (TaskCancelledException | InterruptedException e) {
      throw heartbeat.isCancelled() ? heartbeat.completion() : e;
    }
    Object items = itemsOf(output);
    if (!(items instanceof List<?> list)) {
      throw ExpansionActivitiesImpl.invalidParams(
          "custom expansion '"
              + type
              + "' must return a list under '"
              + ITEMS_KEY
              + "', but returned "
              + kind(items));
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> render(ExpansionSpec spec, TemplateScope scope, String type) {
    try {
      return (Map<String, Object>) Templates.render(spec.customParams(), scope);
    } catch (TemplateException e) {
      throw ExpansionActivitiesImpl.invalidParams(
          "custom expansion '" + type + "' customParams: " + e.getMessage());
    }
  }

  /** The handler's items, read from its stored result if it stored one. */
  private Object itemsOf(TaskOutput output) throws IOException {
    if (output.dataRef() == null) {
      return output.data().get(ITEMS_KEY);
    }
    ArtifactRef ref = output.dataRef();
    Path file =
        store
            .find(ref.taskId(), ref.name())
            .orElseThrow(() -> new IOException("stored result " + ref.name() + " is missing"));
    Object data = json.readValue(file.toFile(), Object.class);
    return data instanceof Map<?, ?> map ? map.get(ITEMS_KEY) : null;
  }

  private static String kind(Object value) {
    return switch (value) {
      case null -> "nothing";
      case String s -> "a string";
      case Number n -> "a number";
      case Boolean b -> "a boolean";
      case Map<?, ?> m -> "an object";
      default -> "a " + value.getClass().getSimpleName();
    };
  }
}

package io.taskforge.app.tasktype;

import io.taskforge.activities.TaskHandler;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The task types this service accepts: every {@link TaskHandler} bean's definition, plus any {@link
 * TaskTypeDefinition} bean for types whose handlers run in other processes (GPU workers).
 */
@Component
public class TaskTypeRegistry {
  private final Map<String, TaskTypeDefinition> types = new TreeMap<>();

  public TaskTypeRegistry(
      List<TaskHandler> handlers, ObjectProvider<TaskTypeDefinition> remoteTypes) {
    handlers.forEach(handler -> add(handler.definition()));
    remoteTypes.orderedStream().forEach(this::add);
  }

  private void add(TaskTypeDefinition definition) {
    TaskTypeDefinition previous = types.putIfAbsent(definition.name(), definition);
    if (previous != null && !previous.equals(definition)) {
      throw new IllegalStateException("task type defined twice: " + definition.name());
    }
  }

  public Optional<TaskTypeDefinition> find(String name) {
    return Optional.ofNullable(name).map(types::get);
  }

  public Collection<TaskTypeDefinition> all() {
    return types.values();
  }
}

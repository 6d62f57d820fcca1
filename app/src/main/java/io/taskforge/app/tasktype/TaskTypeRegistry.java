package io.taskforge.app.tasktype;

import io.taskforge.activities.TaskHandler;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The task types this service accepts: every {@link TaskHandler} bean's definition, any {@link
 * TaskTypeDefinition} bean for types whose handlers run in other processes (GPU workers), and the
 * types that workers on other SDKs announce to the worker registry ({@link AnnouncedTaskTypes}).
 * The app's own types win a name clash.
 */
@Component
public class TaskTypeRegistry {
  private final Map<String, TaskTypeDefinition> types = new TreeMap<>();
  private final AnnouncedTaskTypes announced;

  /** The app's own types only (tests that need no worker registry). */
  public TaskTypeRegistry(
      List<TaskHandler> handlers, ObjectProvider<TaskTypeDefinition> remoteTypes) {
    this(handlers, remoteTypes, null);
  }

  @Autowired
  public TaskTypeRegistry(
      List<TaskHandler> handlers,
      ObjectProvider<TaskTypeDefinition> remoteTypes,
      ObjectProvider<AnnouncedTaskTypes> announced) {
    handlers.forEach(handler -> add(handler.definition()));
    remoteTypes.orderedStream().forEach(this::add);
    this.announced = announced == null ? null : announced.getIfAvailable();
    if (this.announced != null) {
      this.announced.reserve(Set.copyOf(types.keySet()));
    }
  }

  private void add(TaskTypeDefinition definition) {
    TaskTypeDefinition previous = types.putIfAbsent(definition.name(), definition);
    if (previous != null && !previous.equals(definition)) {
      throw new IllegalStateException("task type defined twice: " + definition.name());
    }
  }

  public Optional<TaskTypeDefinition> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    TaskTypeDefinition own = types.get(name);
    if (own != null || announced == null) {
      return Optional.ofNullable(own);
    }
    return announced.find(name).map(AnnouncedTaskTypes.Announced::definition);
  }

  /** The announcement behind a type that a worker on another SDK serves; empty for the app's. */
  public Optional<AnnouncedTaskTypes.Announced> announcement(String name) {
    return types.containsKey(name) || announced == null ? Optional.empty() : announced.find(name);
  }

  public Collection<TaskTypeDefinition> all() {
    if (announced == null) {
      return types.values();
    }
    Map<String, TaskTypeDefinition> everything = new TreeMap<>(types);
    announced.all().forEach(a -> everything.putIfAbsent(a.definition().name(), a.definition()));
    return everything.values();
  }
}

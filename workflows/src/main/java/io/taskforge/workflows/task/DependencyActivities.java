package io.taskforge.workflows.task;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Reads a dependency's status straight from Temporal, for when its {@code dependencyClosed} signal
 * cannot come: it was already closed when the dependent registered, or it was terminated.
 */
@ActivityInterface
public interface DependencyActivities {
  @ActivityMethod(name = "LookupDependency")
  DependencyLookupResult lookup(DependencyLookup lookup);
}

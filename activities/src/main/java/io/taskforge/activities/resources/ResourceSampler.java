package io.taskforge.activities.resources;

/** Reads the machine's resource usage; called from one thread at a time. */
@FunctionalInterface
public interface ResourceSampler {
  ResourceSample sample();
}

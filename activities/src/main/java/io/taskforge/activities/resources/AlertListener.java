package io.taskforge.activities.resources;

/** Told of every alert level change, on the monitor's thread: it must return quickly. */
@FunctionalInterface
public interface AlertListener {
  void onTransition(AlertTransition transition, ResourceSample sample);
}

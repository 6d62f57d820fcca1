package io.taskforge.activities.expansion;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskforge.workflows.taskgroup.ExpansionType;
import java.util.Locale;

/**
 * What expansions report where they run:
 *
 * <ul>
 *   <li>{@code taskforge.expansion.size}: items per expansion, recorded when its items are first
 *       prepared (not again when a retried group reuses them), by expansion kind (array, matrix,
 *       custom), with fixed buckets from 1 to 1,000,000 items;
 *   <li>{@code taskforge.expansion.items}: items run, by task type and outcome (succeeded, failed);
 *       an item counts once per batch run that decides it, so items kept from an earlier attempt of
 *       a batch are not counted again.
 * </ul>
 */
final class ExpansionMetrics {
  static final String SIZE = "taskforge.expansion.size";
  static final String ITEMS = "taskforge.expansion.items";

  private final MeterRegistry registry;

  ExpansionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void prepared(ExpansionType kind, long items) {
    DistributionSummary.builder(SIZE)
        .description("Items per expansion")
        .baseUnit("items")
        .tag("kind", kind.name().toLowerCase(Locale.ROOT))
        .serviceLevelObjectives(1, 10, 100, 1_000, 10_000, 100_000, 1_000_000)
        .register(registry)
        .record(items);
  }

  void itemRun(String type, boolean succeeded) {
    Counter.builder(ITEMS)
        .description("Expansion items run, by outcome")
        .tag("type", type)
        .tag("outcome", succeeded ? "succeeded" : "failed")
        .register(registry)
        .increment();
  }
}

package io.taskforge.activities.expansion;

import static io.taskforge.activities.expansion.ExpansionHarness.EXPANSION_ID;
import static io.taskforge.activities.expansion.ExpansionHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.taskforge.workflows.expansion.ExpansionActivities.BatchResult;
import io.taskforge.workflows.expansion.ExpansionActivities.MergeInput;
import io.taskforge.workflows.expansion.ExpansionActivities.MergedOutput;
import io.taskforge.workflows.expansion.ExpansionActivities.PreparedItems;
import io.taskforge.workflows.expansion.ExpansionPlan;
import io.taskforge.workflows.expansion.ExpansionPlan.Range;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke test at the scale an expansion is built for: 100,000 items end to end. */
class ExpansionScaleTest {
  private static final int ITEMS = 100_000;

  @TempDir Path artifacts;

  private final FakeHandler count =
      FakeHandler.of(
          "count",
          List.of(ParamSpec.required("count", ParamType.INTEGER, "how many items")),
          (params, context) ->
              Map.of(
                  "items",
                  IntStream.range(0, ((Number) params.get("count")).intValue()).boxed().toList()));

  private final FakeHandler square =
      FakeHandler.of(
          "square",
          List.of(ParamSpec.required("n", ParamType.INTEGER, "a number")),
          (params, context) -> {
            long n = ((Number) params.get("n")).longValue();
            return Map.of("n", n, "square", n * n);
          });

  private ExpansionHarness harness;

  @BeforeEach
  void setUp() {
    harness = new ExpansionHarness(artifacts, count, square);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void hundredThousandItems_prepareRunInBatchesAndMergeInOrder() throws Exception {
    PreparedItems items =
        harness.prepare(ExpansionSpec.custom("count", Map.of("count", ITEMS)), Map.of(), false);
    assertThat(items.count()).isEqualTo(ITEMS);

    TaskInput task = task("square", Map.of("n", "{{item}}"));
    long succeeded = 0;
    // One batch per leaf of the workflow's plan (2,000 items), so the test spends its time in
    // the activities rather than in 1,000 round trips through the test environment.
    for (Range leaf : ExpansionPlan.children(new Range(0, ITEMS))) {
      BatchResult result = harness.batch(task, items, leaf.from(), leaf.to(), false);
      assertThat(result.failedCount()).isZero();
      succeeded += result.succeeded();
    }
    MergedOutput merged =
        harness.activities.merge(
            new MergeInput(
                EXPANSION_ID, "process", ExpansionSpec.array(List.of()), ITEMS, 256 * 1024));

    assertThat(succeeded).isEqualTo(ITEMS);
    assertThat(merged.output()).isNull();
    Path file = harness.store.find(EXPANSION_ID, merged.outputRef().name()).orElseThrow();
    List<Map<String, Long>> outputs =
        ExpansionHarness.JSON.readValue(file.toFile(), new TypeReference<>() {});
    assertThat(outputs).hasSize(ITEMS);
    for (int i = 0; i < ITEMS; i += 9_973) {
      assertThat(outputs.get(i)).isEqualTo(Map.of("n", (long) i, "square", (long) i * i));
    }
    assertThat(outputs.getLast()).containsEntry("n", (long) ITEMS - 1);
  }
}

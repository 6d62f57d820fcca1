package io.taskforge.activities.expansion;

import static io.taskforge.activities.expansion.ExpansionHarness.EXPANSION_ID;
import static io.taskforge.activities.expansion.ExpansionHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.expansion.ExpansionActivities.MergeInput;
import io.taskforge.workflows.expansion.ExpansionActivities.MergedOutput;
import io.taskforge.workflows.expansion.ExpansionActivities.PreparedItems;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.taskforge.workflows.taskgroup.OutputFormat;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpansionMergeTest {
  private static final long INLINE = 256 * 1024;

  @TempDir Path artifacts;

  /** Returns its item's entries as its output; an item with "fail" fails for good. */
  private final FakeHandler entries =
      FakeHandler.of(
          "entries",
          List.of(ParamSpec.required("item", ParamType.OBJECT, "the entries")),
          (params, context) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) params.get("item");
            if (item.containsKey("fail")) {
              throw ApplicationFailure.newNonRetryableFailure("asked to fail", "Asked");
            }
            return item;
          });

  private final TaskInput task = task("entries", Map.of("item", "{{item}}"));
  private ExpansionHarness harness;

  @BeforeEach
  void setUp() {
    harness = new ExpansionHarness(artifacts, entries);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void merge_listsOutputsInItemOrderWithoutTheFailedOnes() {
    PreparedItems items =
        harness.prepare(
            List.of(Map.of("n", 0), Map.of("n", 1), Map.of("fail", true), Map.of("n", 3)));
    harness.batch(task, items, 2, 4, false); // finishes first, merges in order anyway
    harness.batch(task, items, 0, 2, false);

    MergedOutput merged =
        harness.activities.merge(input(ExpansionSpec.array(List.of()), 4, INLINE));

    assertThat(merged.outputRef()).isNull();
    assertThat(merged.output()).isEqualTo(List.of(Map.of("n", 0), Map.of("n", 1), Map.of("n", 3)));
  }

  @Test
  void mergeMaps_combinesAgreeingMapsIntoOne() {
    PreparedItems items =
        harness.prepare(List.of(Map.of("a", 1, "shared", "x"), Map.of("b", 2, "shared", "x")));
    harness.batch(task, items, 0, 2, false);

    MergedOutput merged =
        harness.activities.merge(
            input(ExpansionSpec.array(List.of()).withMergeMaps(true), 2, INLINE));

    assertThat(merged.output()).isEqualTo(Map.of("a", 1, "b", 2, "shared", "x"));
  }

  @Test
  void mergeMaps_conflict_failsAsInvalidParamsNamingTheKeyAndItems() {
    PreparedItems items =
        harness.prepare(List.of(Map.of("k", 1), Map.of("other", 0), Map.of("k", 2)));
    harness.batch(task, items, 0, 3, false);
    MergeInput input = input(ExpansionSpec.array(List.of()).withMergeMaps(true), 3, INLINE);

    ExpansionHarness.assertFailure(() -> harness.activities.merge(input))
        .satisfies(
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).contains("'k' (items 0, 2)");
            });
  }

  @Test
  void separate_keysEachSuccessfulOutputByTaskAndIndex() {
    PreparedItems items =
        harness.prepare(List.of(Map.of("n", 0), Map.of("fail", true), Map.of("n", 2)));
    harness.batch(task, items, 0, 3, false);

    MergedOutput merged =
        harness.activities.merge(
            input(ExpansionSpec.array(List.of()).withOutput(OutputFormat.SEPARATE), 3, INLINE));

    assertThat(merged.output())
        .isEqualTo(Map.of("process[0]", Map.of("n", 0), "process[2]", Map.of("n", 2)));
    assertThat(List.copyOf(((Map<?, ?>) merged.output()).keySet()))
        .isEqualTo(List.of("process[0]", "process[2]"));
  }

  @Test
  void outputLargerThanTheInlineLimit_isStoredAndReferenced() throws Exception {
    PreparedItems items = harness.prepare(List.of(Map.of("text", "x".repeat(200))));
    harness.batch(task, items, 0, 1, false);

    MergedOutput merged = harness.activities.merge(input(ExpansionSpec.array(List.of()), 1, 100));

    assertThat(merged.output()).isNull();
    assertThat(merged.outputRef().taskId()).isEqualTo(EXPANSION_ID);
    assertThat(merged.outputRef().name()).isEqualTo("merged.json");
    Path file = harness.store.find(EXPANSION_ID, "merged.json").orElseThrow();
    assertThat(merged.outputRef().sizeBytes()).isEqualTo(Files.size(file));
    assertThat(ExpansionHarness.JSON.readValue(file.toFile(), Object.class))
        .isEqualTo(List.of(Map.of("text", "x".repeat(200))));
  }

  @Test
  void noSuccessfulItems_mergeToAnEmptyList() {
    PreparedItems items = harness.prepare(List.of(Map.of("fail", true)));
    harness.batch(task, items, 0, 1, false);

    MergedOutput merged =
        harness.activities.merge(input(ExpansionSpec.array(List.of()), 1, INLINE));

    assertThat(merged.output()).isEqualTo(List.of());
  }

  private static MergeInput input(ExpansionSpec spec, long total, long inlineLimit) {
    return new MergeInput(EXPANSION_ID, "process", spec, total, inlineLimit);
  }
}

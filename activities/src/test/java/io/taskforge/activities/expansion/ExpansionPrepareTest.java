package io.taskforge.activities.expansion;

import static io.taskforge.activities.expansion.ExpansionHarness.EXPANSION_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.expansion.ExpansionActivities.PrepareInput;
import io.taskforge.workflows.expansion.ExpansionActivities.PreparedItems;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.taskgroup.ExpansionSpec;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpansionPrepareTest {
  @TempDir Path artifacts;

  /** The custom expansion type: items 0 .. count-1, or a string when asked to misbehave. */
  private final FakeHandler range =
      FakeHandler.of(
          "range",
          List.of(
              ParamSpec.required("count", ParamType.INTEGER, "how many items"),
              ParamSpec.optional("shape", ParamType.STRING, "list", "list or text")),
          (params, context) -> {
            int count = ((Number) params.get("count")).intValue();
            List<Integer> items = IntStream.range(0, count).boxed().toList();
            Object value = "text".equals(params.get("shape")) ? "not a list" : items;
            return Map.of("items", value);
          });

  private ExpansionHarness harness;

  @BeforeEach
  void setUp() {
    harness = new ExpansionHarness(artifacts, range);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void arrayOfLiterals_writesOneJsonValuePerLine() throws Exception {
    List<Object> items = Arrays.asList(1, "two", Map.of("three", 3), null, List.of(true));

    PreparedItems prepared = harness.prepare(items);

    assertThat(prepared.count()).isEqualTo(5);
    assertThat(prepared.items().taskId()).isEqualTo(EXPANSION_ID);
    assertThat(prepared.items().name()).isEqualTo("items.jsonl");
    assertThat(harness.lines("items.jsonl"))
        .containsExactly("1", "\"two\"", "{\"three\":3}", "null", "[true]");
    assertThat(prepared.items().sizeBytes())
        .isEqualTo(String.join("\n", harness.lines("items.jsonl")).length() + 1);
  }

  @Test
  void arrayFromTemplate_resolvesAgainstTaskOutputs() throws Exception {
    PreparedItems prepared =
        harness.activities.prepare(
            new PrepareInput(
                EXPANSION_ID,
                ExpansionSpec.array("{{tasks.split.output.chunks}}"),
                Map.of(),
                Map.of("split", Map.of("chunks", List.of("a", "b", "c"))),
                false));

    assertThat(prepared.count()).isEqualTo(3);
    assertThat(harness.jsonLines("items.jsonl")).containsExactly("a", "b", "c");
  }

  @Test
  void matrix_writesEveryCombinationWithTheFirstAxisSlowest() throws Exception {
    Map<String, Object> axes = new LinkedHashMap<>();
    axes.put("region", List.of("eu", "us"));
    axes.put("size", "{{context.sizes}}");

    PreparedItems prepared =
        harness.prepare(ExpansionSpec.matrix(axes), Map.of("sizes", List.of(1, 2)), false);

    assertThat(prepared.count()).isEqualTo(4);
    assertThat(harness.jsonLines("items.jsonl"))
        .containsExactly(
            Map.of("region", "eu", "size", 1),
            Map.of("region", "eu", "size", 2),
            Map.of("region", "us", "size", 1),
            Map.of("region", "us", "size", 2));
  }

  @Test
  void custom_runsItsHandlerWithRenderedParamsUnderTheExpansionId() throws Exception {
    PreparedItems prepared =
        harness.prepare(
            ExpansionSpec.custom("range", Map.of("count", "{{context.n}}")), Map.of("n", 4), false);

    assertThat(prepared.count()).isEqualTo(4);
    assertThat(harness.jsonLines("items.jsonl")).containsExactly(0, 1, 2, 3);
    assertThat(range.calls()).hasSize(1);
    assertThat(range.calls().getFirst().taskId()).isEqualTo(EXPANSION_ID);
    assertThat(range.calls().getFirst().params()).containsEntry("count", 4);
    assertThat(range.calls().getFirst().params()).containsEntry("shape", "list"); // default
    // The item source is the expansion's own call, not one of its items.
    assertThat(range.calls().getFirst().itemIndex()).isEmpty();
  }

  @Test
  void customReturningNoList_failsAsInvalidParams() {
    ExpansionSpec spec = ExpansionSpec.custom("range", Map.of("count", 2, "shape", "text"));

    ExpansionHarness.assertFailure(() -> harness.prepare(spec, Map.of(), false))
        .satisfies(
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage())
                  .contains("'range'")
                  .contains("list under 'items'")
                  .contains("a string");
            });
  }

  @Test
  void customWithBadParams_failsAsInvalidParamsNamingTheField() {
    ExpansionSpec spec = ExpansionSpec.custom("range", Map.of("count", "many"));

    ExpansionHarness.assertFailure(() -> harness.prepare(spec, Map.of(), false))
        .satisfies(
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
              assertThat(failure.getOriginalMessage()).contains("customParams.count");
            });
  }

  @Test
  void unknownCustomType_failsAsUnknownTaskType() {
    ExpansionSpec spec = ExpansionSpec.custom("nowhere", Map.of());

    ExpansionHarness.assertFailure(() -> harness.prepare(spec, Map.of(), false))
        .satisfies(
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureTypes.UNKNOWN_TASK_TYPE);
              assertThat(failure.isNonRetryable()).isTrue();
            });
  }

  @Test
  void templateReferringToMissingOutput_failsAsInvalidParamsNamingIt() {
    ExpansionSpec spec = ExpansionSpec.array("{{tasks.split.output.chunks}}");

    ExpansionHarness.assertFailure(() -> harness.prepare(spec, Map.of(), false))
        .satisfies(
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).contains("split").contains("no output");
            });
  }

  @Test
  void arrayTemplateResolvingToNoList_failsAsInvalidParams() {
    ExpansionSpec spec = ExpansionSpec.array("{{context.name}}");

    ExpansionHarness.assertFailure(() -> harness.prepare(spec, Map.of("name", "x"), false))
        .satisfies(
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureTypes.INVALID_PARAMS);
              assertThat(failure.getOriginalMessage()).contains("not a list");
            });
  }

  @Test
  void resumeWithStoredItems_reusesThemWithoutResolvingAgain() throws Exception {
    ExpansionSpec spec = ExpansionSpec.custom("range", Map.of("count", "{{context.n}}"));
    PreparedItems first = harness.prepare(spec, Map.of("n", 3), false);

    PreparedItems resumed = harness.prepare(spec, Map.of("n", 50), true);

    assertThat(resumed.count()).isEqualTo(3);
    assertThat(resumed.items()).isEqualTo(first.items());
    assertThat(range.calls()).hasSize(1);
  }

  @Test
  void resumeWithoutStoredItems_resolvesThem() throws Exception {
    PreparedItems prepared = harness.prepare(ExpansionSpec.array(List.of(7, 8)), Map.of(), true);

    assertThat(prepared.count()).isEqualTo(2);
    assertThat(harness.jsonLines("items.jsonl")).containsExactly(7, 8);
  }

  @Test
  void freshRun_dropsTheOutputsOfAnEarlierRun() throws Exception {
    harness.store.write(
        EXPANSION_ID,
        PartFiles.partName(0, 2),
        "application/x-ndjson",
        "{\"index\":0,\"output\":\"stale\"}\n".getBytes(StandardCharsets.UTF_8));

    harness.prepare(List.of(1, 2));

    assertThat(harness.store.list(EXPANSION_ID)).doesNotContain(PartFiles.partName(0, 2));
  }

  @Test
  void resume_keepsTheOutputsOfTheEarlierRun() throws Exception {
    harness.prepare(List.of(1, 2));
    harness.store.write(
        EXPANSION_ID,
        PartFiles.partName(0, 2),
        "application/x-ndjson",
        "{\"index\":0,\"output\":\"kept\"}\n".getBytes(StandardCharsets.UTF_8));

    harness.prepare(ExpansionSpec.array(List.of(1, 2)), Map.of(), true);

    assertThat(harness.store.list(EXPANSION_ID)).contains(PartFiles.partName(0, 2));
  }

  @Test
  void manyItems_areCountedAgainOnResume() throws Exception {
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      items.add(Map.of("n", i));
    }
    PreparedItems first = harness.prepare(items);

    PreparedItems resumed = harness.prepare(ExpansionSpec.array(List.of()), Map.of(), true);

    assertThat(resumed.count()).isEqualTo(5_000);
    assertThat(resumed.items().sha256()).isEqualTo(first.items().sha256());
    assertThat(resumed.items().sizeBytes()).isEqualTo(first.items().sizeBytes());
  }
}

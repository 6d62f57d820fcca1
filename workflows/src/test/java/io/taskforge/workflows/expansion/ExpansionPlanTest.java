package io.taskforge.workflows.expansion;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.expansion.ExpansionPlan.Range;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpansionPlanTest {

  @ParameterizedTest
  @CsvSource({
    "0, 1, 1",
    "0, 7, 8",
    "0, 40, 8",
    "0, 2000, 8",
    "0, 2000, 1",
    "0, 2000, 64",
    "4000, 5999, 3",
    "17, 1234, 8"
  })
  void batches_coverTheLeafExactlyInBoundedPieces(long from, long to, int parallelism) {
    Range leaf = new Range(from, to);

    List<Range> batches = ExpansionPlan.batches(leaf, parallelism);

    assertCoversExactly(batches, leaf);
    assertThat(batches)
        .allSatisfy(b -> assertThat(b.size()).isBetween(1L, (long) ExpansionPlan.MAX_BATCH));
    assertThat(batches).isEqualTo(ExpansionPlan.batches(new Range(from, to), parallelism));
  }

  @Test
  void smallLeaf_isCutIntoAboutParallelismBatchesSoItStillRunsInParallel() {
    assertThat(ExpansionPlan.batches(new Range(0, 40), 8)).hasSize(8);
    assertThat(ExpansionPlan.batches(new Range(0, 3), 8)).hasSize(3);
  }

  @Test
  void largeLeaf_usesBatchesOfMaxBatchItems() {
    assertThat(ExpansionPlan.batches(new Range(0, 2000), 8))
        .hasSize(20)
        .allSatisfy(b -> assertThat(b.size()).isEqualTo(ExpansionPlan.MAX_BATCH));
  }

  @Test
  void emptyRange_hasNoBatches() {
    assertThat(ExpansionPlan.batches(new Range(0, 0), 8)).isEmpty();
  }

  @Test
  void leaf_isAtMostLeafItems() {
    assertThat(ExpansionPlan.isLeaf(new Range(0, ExpansionPlan.LEAF_ITEMS))).isTrue();
    assertThat(ExpansionPlan.isLeaf(new Range(0, ExpansionPlan.LEAF_ITEMS + 1))).isFalse();
    assertThat(ExpansionPlan.isLeaf(new Range(500, 500 + ExpansionPlan.LEAF_ITEMS))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(longs = {2_001, 20_000, 100_000, 100_001, 1_000_000, 12_345_678})
  void children_coverTheNodeExactlyWithAtMostFanoutEvenParts(long size) {
    Range node = new Range(7, 7 + size);

    List<Range> children = ExpansionPlan.children(node);

    assertCoversExactly(children, node);
    assertThat(children).hasSizeBetween(2, ExpansionPlan.FANOUT);
    long largest = children.stream().mapToLong(Range::size).max().orElseThrow();
    long smallest = children.stream().mapToLong(Range::size).min().orElseThrow();
    assertThat(largest - smallest).isLessThanOrEqualTo(largest / 2 + 1);
    assertThat(children).isEqualTo(ExpansionPlan.children(new Range(7, 7 + size)));
  }

  @Test
  void children_ofAtMostFanoutLeaves_areLeaves() {
    Range node = new Range(0, ExpansionPlan.FANOUT * ExpansionPlan.LEAF_ITEMS);

    assertThat(ExpansionPlan.children(node))
        .hasSize(ExpansionPlan.FANOUT)
        .allMatch(ExpansionPlan::isLeaf);
    assertThat(ExpansionPlan.children(new Range(0, 20_000)))
        .hasSize(10)
        .allMatch(ExpansionPlan::isLeaf);
  }

  @Test
  void wholeTree_boundsEveryNodeAndCoversEveryItemOnce() {
    Range root = new Range(0, 3_000_001);
    List<Range> leaves = new ArrayList<>();
    List<Range> pending = new ArrayList<>(List.of(root));
    while (!pending.isEmpty()) {
      Range node = pending.removeLast();
      if (ExpansionPlan.isLeaf(node)) {
        leaves.add(node);
        assertThat(ExpansionPlan.batches(node, 8).size())
            .isLessThanOrEqualTo((int) (ExpansionPlan.LEAF_ITEMS / ExpansionPlan.MAX_BATCH));
      } else {
        List<Range> children = ExpansionPlan.children(node);
        assertThat(children).hasSizeLessThanOrEqualTo(ExpansionPlan.FANOUT);
        pending.addAll(children);
      }
    }
    leaves.sort((a, b) -> Long.compare(a.from(), b.from()));

    assertCoversExactly(leaves, root);
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 1", "3, 3", "8, 8", "9, 8", "100, 8"})
  void leafConcurrency_isParallelismCappedAtLeafConcurrency(int parallelism, int expected) {
    assertThat(ExpansionPlan.leafConcurrency(parallelism)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "3, 1", "8, 1", "16, 2", "20, 2", "64, 8"})
  void childConcurrency_keepsAboutParallelismBatchesRunning(int parallelism, int expected) {
    assertThat(ExpansionPlan.childConcurrency(parallelism)).isEqualTo(expected);
    assertThat(
            ExpansionPlan.childConcurrency(parallelism)
                * ExpansionPlan.leafConcurrency(parallelism))
        .isLessThanOrEqualTo(parallelism);
  }

  private static void assertCoversExactly(List<Range> parts, Range whole) {
    assertThat(parts).isNotEmpty();
    assertThat(parts.getFirst().from()).isEqualTo(whole.from());
    assertThat(parts.getLast().to()).isEqualTo(whole.to());
    for (int i = 1; i < parts.size(); i++) {
      assertThat(parts.get(i).from())
          .as("part %d starts where %d ends", i, i - 1)
          .isEqualTo(parts.get(i - 1).to());
    }
    assertThat(parts).allSatisfy(p -> assertThat(p.size()).isPositive());
  }
}

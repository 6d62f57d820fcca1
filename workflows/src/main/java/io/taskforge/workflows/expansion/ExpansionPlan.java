package io.taskforge.workflows.expansion;

import java.util.ArrayList;
import java.util.List;

/**
 * How an expansion is cut up, as a pure function of the item range and the parallelism, so a rerun
 * (crash recovery, retry-failed) cuts it exactly the same way and finds its earlier batches' part
 * files.
 *
 * <p>A range of at most {@link #LEAF_ITEMS} items is a leaf: it runs batches of at most {@link
 * #MAX_BATCH} items, each one activity. A larger range splits into at most {@link #FANOUT}
 * subranges, each a child workflow. So a workflow holds at most FANOUT children or LEAF_ITEMS /
 * batch size activities, and at most {@code parallelism} run at once: with the defaults a leaf
 * writes under 100 history events and 100,000 items need a root with 50 leaves.
 */
public final class ExpansionPlan {
  public static final long LEAF_ITEMS = 2_000;
  public static final int MAX_BATCH = 100;
  public static final int FANOUT = 50;
  public static final int DEFAULT_PARALLELISM = 8;

  /** Batches running at once in one leaf, at most. */
  public static final int LEAF_CONCURRENCY = 8;

  /** A half-open range of item indexes. */
  public record Range(long from, long to) {
    public long size() {
      return to - from;
    }
  }

  private ExpansionPlan() {}

  public static boolean isLeaf(Range range) {
    return range.size() <= LEAF_ITEMS;
  }

  /** The batches of a leaf: small leaves use small batches, so they still run in parallel. */
  public static List<Range> batches(Range leaf, int parallelism) {
    long size = Math.max(1, Math.min(MAX_BATCH, ceilDiv(leaf.size(), Math.max(1, parallelism))));
    return split(leaf, size);
  }

  /** The subranges of a node, each at most LEAF_ITEMS or as even as FANOUT allows. */
  public static List<Range> children(Range node) {
    long parts = Math.min(FANOUT, ceilDiv(node.size(), LEAF_ITEMS));
    return split(node, ceilDiv(node.size(), parts));
  }

  /** Batches in flight in one leaf. */
  public static int leafConcurrency(int parallelism) {
    return Math.max(1, Math.min(parallelism, LEAF_CONCURRENCY));
  }

  /** Child subtrees in flight under one node, so that about {@code parallelism} batches run. */
  public static int childConcurrency(int parallelism) {
    return Math.max(1, parallelism / leafConcurrency(parallelism));
  }

  private static List<Range> split(Range range, long size) {
    List<Range> ranges = new ArrayList<>();
    for (long start = range.from(); start < range.to(); start += size) {
      ranges.add(new Range(start, Math.min(range.to(), start + size)));
    }
    return ranges;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}

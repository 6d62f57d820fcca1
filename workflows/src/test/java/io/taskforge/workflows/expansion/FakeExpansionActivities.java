package io.taskforge.workflows.expansion;

import io.taskforge.workflows.task.ArtifactRef;
import io.taskforge.workflows.taskgroup.ExpansionOutputs;
import io.taskforge.workflows.taskgroup.ExpansionPlanner;
import io.taskforge.workflows.taskgroup.ExpansionType;
import io.taskforge.workflows.taskgroup.OutputFormat;
import io.taskforge.workflows.taskgroup.TemplateException;
import io.taskforge.workflows.taskgroup.TemplateScope;
import io.taskforge.workflows.taskgroup.Templates;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * An in-memory stand-in for the expansion activities: the artifact store is a map. An item's output
 * is its rendered params; an item fails when its rendered params hold {@code "fail": true}. A
 * CUSTOM expansion of type {@link #RANGE} has the items {@code 0 .. count-1} (or, with {@code
 * failEvery: k}, maps {@code {n: i, fail: i % k == 0}}), so a test can expand over many items
 * without putting them in history. It records every batch it ran and how many ran at once.
 */
public final class FakeExpansionActivities implements ExpansionActivities {
  /** The CUSTOM type whose items are the numbers {@code 0 .. customParams.count - 1}. */
  public static final String RANGE = "range";

  private final Map<String, List<Object>> items = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListMap<Long, Object>> outputs =
      new ConcurrentHashMap<>();
  private final List<BatchInput> batches = new CopyOnWriteArrayList<>();
  private final AtomicLong itemRuns = new AtomicLong();
  private volatile boolean failuresFixed;
  private volatile int holdForPeers = 1;
  private volatile Duration patience = Duration.ZERO;
  private int inFlight;
  private int maxInFlight;

  /**
   * Makes each batch wait until {@code peers} batches (itself included) run together, or {@code
   * patience} has passed, so batches that may overlap do overlap.
   */
  public FakeExpansionActivities holdingForPeers(int peers, Duration patience) {
    this.holdForPeers = peers;
    this.patience = patience;
    return this;
  }

  /** From now on no item fails: what an operator does before retrying the failed items. */
  public void fixFailures() {
    failuresFixed = true;
  }

  @Override
  public PreparedItems prepare(PrepareInput input) {
    boolean reuse = input.resume() && items.containsKey(input.expansionId());
    if (!reuse) {
      outputs.remove(input.expansionId());
    }
    List<Object> prepared = reuse ? items.get(input.expansionId()) : resolve(input);
    items.put(input.expansionId(), prepared);
    return new PreparedItems(artifact(input.expansionId(), "items.jsonl"), prepared.size());
  }

  private static List<Object> resolve(PrepareInput input) {
    if (input.spec().type() == ExpansionType.CUSTOM) {
      if (!RANGE.equals(input.spec().customType())) {
        throw new IllegalArgumentException("unknown custom type " + input.spec().customType());
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> params =
          (Map<String, Object>)
              Templates.render(
                  input.spec().customParams(),
                  TemplateScope.of(input.context(), input.taskOutputs()));
      int count = ((Number) params.get("count")).intValue();
      if (params.get("failEvery") instanceof Number every) {
        return IntStream.range(0, count)
            .<Object>mapToObj(i -> Map.of("n", i, "fail", i % every.intValue() == 0))
            .toList();
      }
      return List.copyOf(IntStream.range(0, count).boxed().toList());
    }
    return ExpansionPlanner.items(
        input.spec(), TemplateScope.of(input.context(), input.taskOutputs()));
  }

  @Override
  public BatchResult runBatch(BatchInput input) {
    batches.add(input);
    enter();
    try {
      awaitPeers();
      List<Object> all = items.get(input.expansionId());
      Map<Long, Object> stored =
          outputs.computeIfAbsent(input.expansionId(), id -> new ConcurrentSkipListMap<>());
      TemplateScope scope = TemplateScope.of(input.context(), input.taskOutputs());
      long succeeded = 0;
      List<ItemFailure> failures = new ArrayList<>();
      for (long i = input.from(); i < input.to(); i++) {
        if (input.resume() && stored.containsKey(i)) {
          succeeded++;
          continue;
        }
        Object item = all.get((int) i);
        itemRuns.incrementAndGet();
        try {
          Object rendered = Templates.render(input.task().params(), scope.forItem(item, (int) i));
          if (rendered instanceof Map<?, ?> params
              && Boolean.TRUE.equals(params.get("fail"))
              && !failuresFixed) {
            failures.add(new ItemFailure(i, "ItemFailed", "item " + i + " failed", 1));
          } else {
            stored.put(i, rendered);
            succeeded++;
          }
        } catch (TemplateException e) {
          failures.add(new ItemFailure(i, "TemplateError", e.getMessage(), 1));
        }
      }
      return new BatchResult(input.from(), input.to(), succeeded, failures.size(), failures);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    } finally {
      leave();
    }
  }

  @Override
  public MergedOutput merge(MergeInput input) {
    Map<Long, Object> stored =
        outputs.getOrDefault(input.expansionId(), new ConcurrentSkipListMap<>());
    List<Object> inOrder = new ArrayList<>();
    for (long i = 0; i < input.total(); i++) {
      inOrder.add(stored.get(i));
    }
    Object output =
        input.spec().output() == OutputFormat.SEPARATE
            ? ExpansionOutputs.separate(input.taskName(), inOrder)
            : ExpansionOutputs.merged(inOrder, input.spec().mergeMaps());
    if (String.valueOf(output).length() > input.inlineLimitBytes()) {
      return new MergedOutput(null, artifact(input.expansionId(), "output.json"));
    }
    return new MergedOutput(output, null);
  }

  private static ArtifactRef artifact(String expansionId, String name) {
    return new ArtifactRef(expansionId, name, "application/json", 0, "fake");
  }

  private synchronized void enter() {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    notifyAll();
  }

  private synchronized void leave() {
    inFlight--;
    notifyAll();
  }

  private synchronized void awaitPeers() throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (inFlight < holdForPeers) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Every batch run, in the order they started. */
  public List<BatchInput> batches() {
    return List.copyOf(batches);
  }

  /** How many items were run, over all batches. */
  public long itemRuns() {
    return itemRuns.get();
  }

  public synchronized int maxInFlight() {
    return maxInFlight;
  }

  /** The stored output of each item that succeeded, by index. */
  public Map<Long, Object> outputs(String expansionId) {
    return Map.copyOf(outputs.getOrDefault(expansionId, new ConcurrentSkipListMap<>()));
  }
}

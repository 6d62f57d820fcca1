package io.taskforge.activities.expansion;

import static io.taskforge.activities.expansion.ExpansionHarness.EXPANSION_ID;
import static io.taskforge.activities.expansion.ExpansionHarness.fastRetry;
import static io.taskforge.activities.expansion.ExpansionHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import io.taskforge.activities.LocalHttpServer;
import io.taskforge.activities.breaker.TestBreakers;
import io.taskforge.activities.egress.TestEgress;
import io.taskforge.activities.http.HttpRequestHandler;
import io.taskforge.activities.http.IdempotencyKey;
import io.taskforge.workflows.expansion.ExpansionActivities.BatchResult;
import io.taskforge.workflows.expansion.ExpansionActivities.PreparedItems;
import io.taskforge.workflows.expansion.ItemFailure;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpansionBatchTest {
  @TempDir Path artifacts;

  /** Labels its item; writes an artifact when asked. */
  private final FakeHandler echo =
      FakeHandler.of(
          "echo",
          List.of(
              ParamSpec.required("text", ParamType.STRING, "what to return"),
              ParamSpec.optional("tag", ParamType.STRING, "none", "a label"),
              ParamSpec.optional("file", ParamType.BOOLEAN, false, "write an artifact")),
          (params, context) -> {
            if (Boolean.TRUE.equals(params.get("file"))) {
              context.writeArtifact(
                  "out.txt",
                  "text/plain",
                  out -> out.write(((String) params.get("text")).getBytes(StandardCharsets.UTF_8)));
            }
            return Map.of("text", params.get("text"), "tag", params.get("tag"));
          });

  /**
   * Doubles its value; multiples of three fail (retryable), negatives fail for good, and while
   * {@link #crashAt} is set that item crashes the whole worker.
   */
  private final AtomicReference<Integer> crashAt = new AtomicReference<>();

  private final Set<Integer> healed = ConcurrentHashMap.newKeySet();

  private final FakeHandler picky =
      FakeHandler.of(
          "picky",
          List.of(ParamSpec.required("value", ParamType.INTEGER, "a number")),
          (params, context) -> {
            int value = ((Number) params.get("value")).intValue();
            if (Integer.valueOf(value).equals(crashAt.get())) {
              throw new WorkerCrash();
            }
            if (value < 0) {
              throw ApplicationFailure.newNonRetryableFailure("negative: " + value, "Negative");
            }
            if (value % 3 == 0 && !healed.contains(value)) {
              throw new IllegalStateException("no multiples of three: " + value);
            }
            return Map.of("value", value * 2);
          });

  /** Fails its first {@code failures} attempts with a retryable failure. */
  private final FakeHandler flaky =
      FakeHandler.of(
          "flaky",
          List.of(ParamSpec.required("failures", ParamType.INTEGER, "attempts that fail")),
          (params, context) -> {
            if (context.attempt() <= ((Number) params.get("failures")).intValue()) {
              throw ApplicationFailure.newFailure("not yet", "Flaky");
            }
            return Map.of("attempt", context.attempt());
          });

  /** Sleeps a while, as a slow handler that reacts to a cancel does. */
  private final FakeHandler slow =
      FakeHandler.of(
          "slow",
          List.of(ParamSpec.required("millis", ParamType.INTEGER, "how long")),
          (params, context) -> {
            Thread.sleep(((Number) params.get("millis")).longValue());
            context.checkCancelled();
            return Map.of();
          });

  private ExpansionHarness harness;

  @BeforeEach
  void setUp() {
    harness = new ExpansionHarness(artifacts, echo, picky, flaky, slow);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void templates_renderEachItemsParamsFromItemIndexAndContext() throws Exception {
    PreparedItems items = harness.prepare(List.of(Map.of("name", "a"), Map.of("name", "b")));
    var task = task("echo", Map.of("text", "{{context.prefix}}-{{item.name}}-{{index}}"));

    BatchResult result = harness.batch(task, Map.of("prefix", "p"), items, 0, 2, false);

    assertThat(result).isEqualTo(new BatchResult(0, 2, 2, 0, List.of()));
    assertThat(harness.jsonLines(PartFiles.partName(0, 2)))
        .containsExactly(
            Map.of("index", 0, "output", Map.of("text", "p-a-0", "tag", "none")),
            Map.of("index", 1, "output", Map.of("text", "p-b-1", "tag", "none")));
    assertThat(echo.calls()).allSatisfy(call -> assertThat(call.taskId()).isEqualTo(EXPANSION_ID));
  }

  @Test
  void rangeInTheMiddle_runsOnlyItsItemsAndNamesItsPartInItemOrder() throws Exception {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      values.add(i * 3 + 1); // never a multiple of three
    }
    PreparedItems items = harness.prepare(values);

    BatchResult result =
        harness.batch(task("picky", Map.of("value", "{{item}}")), items, 2_500, 2_503, false);

    assertThat(result.succeeded()).isEqualTo(3);
    assertThat(PartFiles.partName(2_500, 2_503)).isEqualTo("part-000000002500-000000002503.jsonl");
    assertThat(harness.jsonLines(PartFiles.partName(2_500, 2_503)))
        .containsExactly(
            Map.of("index", 2_500, "output", Map.of("value", 2 * 7_501)),
            Map.of("index", 2_501, "output", Map.of("value", 2 * 7_504)),
            Map.of("index", 2_502, "output", Map.of("value", 2 * 7_507)));
  }

  @Test
  void failingItems_areRecordedWithIndexTypeAndAttemptsAndTheRestStillRun() throws Exception {
    PreparedItems items = harness.prepare(List.of(1, 3, -1, 4));

    BatchResult result =
        harness.batch(task("picky", Map.of("value", "{{item}}"), fastRetry(2)), items, 0, 4, false);

    assertThat(result.succeeded()).isEqualTo(2);
    assertThat(result.failedCount()).isEqualTo(2);
    assertThat(result.failures())
        .containsExactly(
            new ItemFailure(
                1, IllegalStateException.class.getName(), "no multiples of three: 3", 2),
            new ItemFailure(2, "Negative", "negative: -1", 1));
    assertThat(harness.jsonLines(PartFiles.partName(0, 4)))
        .containsExactly(
            Map.of("index", 0, "output", Map.of("value", 2)),
            Map.of("index", 3, "output", Map.of("value", 8)));
  }

  @Test
  void metrics_countTheExpansionSizeAndEachItemByOutcome() {
    PreparedItems items = harness.prepare(List.of(1, 3, -1, 4));
    harness.batch(task("picky", Map.of("value", "{{item}}"), fastRetry(2)), items, 0, 4, false);

    var size = harness.meters.get(ExpansionMetrics.SIZE).tag("kind", "array").summary();
    assertThat(size.count()).isEqualTo(1);
    assertThat(size.totalAmount()).isEqualTo(4);
    assertThat(
            harness
                .meters
                .get(ExpansionMetrics.ITEMS)
                .tags("type", "picky", "outcome", "succeeded")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(
            harness
                .meters
                .get(ExpansionMetrics.ITEMS)
                .tags("type", "picky", "outcome", "failed")
                .counter()
                .count())
        .isEqualTo(2);
  }

  @Test
  void paramsThatDoNotValidate_failTheItemWithoutRunningIt() throws Exception {
    PreparedItems items = harness.prepare(List.of(1, "x", Map.of()));

    BatchResult result =
        harness.batch(task("picky", Map.of("value", "{{item}}")), items, 0, 3, false);

    assertThat(result.succeeded()).isEqualTo(1);
    assertThat(result.failures())
        .extracting(ItemFailure::index, ItemFailure::type, ItemFailure::attempts)
        .containsExactly(
            tuple(1L, FailureTypes.INVALID_PARAMS, 0), tuple(2L, FailureTypes.INVALID_PARAMS, 0));
    assertThat(result.failures().getFirst().message()).contains("params.value");
    assertThat(picky.calls()).hasSize(1);
  }

  @Test
  void templateReferringToMissingKey_failsTheItemAsInvalidParams() {
    PreparedItems items = harness.prepare(List.of(Map.of("name", "a"), Map.of("other", "b")));

    BatchResult result =
        harness.batch(task("echo", Map.of("text", "{{item.name}}")), items, 0, 2, false);

    assertThat(result.succeeded()).isEqualTo(1);
    assertThat(result.failures()).hasSize(1);
    assertThat(result.failures().getFirst().index()).isEqualTo(1);
    assertThat(result.failures().getFirst().type()).isEqualTo(FailureTypes.INVALID_PARAMS);
    assertThat(result.failures().getFirst().message()).contains("no key 'name'");
  }

  @Test
  void flakyItem_isRetriedWithBackoffUntilItSucceeds() throws Exception {
    PreparedItems items = harness.prepare(List.of(2));

    BatchResult result =
        harness.batch(task("flaky", Map.of("failures", "{{item}}")), items, 0, 1, false);

    assertThat(result.succeeded()).isEqualTo(1);
    assertThat(harness.jsonLines(PartFiles.partName(0, 1)))
        .containsExactly(Map.of("index", 0, "output", Map.of("attempt", 3)));
    assertThat(flaky.calls()).extracting(FakeHandler.Call::attempt).containsExactly(1, 2, 3);
  }

  @Test
  void eachItem_knowsItsIndexOnEveryAttempt() {
    PreparedItems items = harness.prepare(List.of(2, 0));

    harness.batch(task("flaky", Map.of("failures", "{{item}}")), items, 0, 2, false);

    assertThat(flaky.calls())
        .extracting(FakeHandler.Call::itemIndex, FakeHandler.Call::attempt)
        .containsExactly(
            tuple(OptionalLong.of(0), 1),
            tuple(OptionalLong.of(0), 2),
            tuple(OptionalLong.of(0), 3),
            tuple(OptionalLong.of(1), 1));
  }

  @Test
  void httpRequestItems_sendTheExpansionIdAndTheirIndexAsIdempotencyKey_onEveryAttempt(
      @TempDir Path root) {
    // Each item's first call is answered 503, so that every item is retried once.
    List<String> keys = new CopyOnWriteArrayList<>();
    try (LocalHttpServer target =
            new LocalHttpServer()
                .route(
                    "/items",
                    exchange -> {
                      String key = exchange.getRequestHeaders().getFirst(IdempotencyKey.HEADER);
                      boolean repeat = keys.contains(key);
                      keys.add(key);
                      LocalHttpServer.respond(exchange, repeat ? 200 : 503, "text/plain", "");
                    });
        ExpansionHarness http =
            new ExpansionHarness(
                root,
                new HttpRequestHandler(TestEgress.loopbackAllowed(), TestBreakers.defaults()))) {
      PreparedItems items = http.prepare(List.of("a", "b", "c"));

      BatchResult result =
          http.batch(
              task("http_request", Map.of("url", target.url("/items/{{item}}"))),
              items,
              0,
              3,
              false);

      assertThat(result.succeeded()).isEqualTo(3);
      assertThat(keys)
          .containsExactly(
              EXPANSION_ID + "#0",
              EXPANSION_ID + "#0",
              EXPANSION_ID + "#1",
              EXPANSION_ID + "#1",
              EXPANSION_ID + "#2",
              EXPANSION_ID + "#2");
    }
  }

  @Test
  void failureTypeListedAsNonRetryable_isNotRetried() {
    PreparedItems items = harness.prepare(List.of(5));
    RetrySpec retry =
        new RetrySpec(5, Duration.ofMillis(10), 2.0, Duration.ofMillis(40), List.of("Flaky"));

    BatchResult result =
        harness.batch(task("flaky", Map.of("failures", "{{item}}"), retry), items, 0, 1, false);

    assertThat(result.failures()).containsExactly(new ItemFailure(0, "Flaky", "not yet", 1));
  }

  @Test
  void backoff_growsByTheCoefficientUpToTheMaximumInterval() {
    RetrySpec retry =
        new RetrySpec(10, Duration.ofMillis(100), 3.0, Duration.ofSeconds(1), List.of());

    assertThat(List.of(1, 2, 3, 4).stream().map(n -> ItemRunner.delay(retry, n)))
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(300),
            Duration.ofMillis(900),
            Duration.ofSeconds(1));
  }

  @Test
  void resume_runsOnlyMissingItemsAndKeepsEarlierOutputs() throws Exception {
    PreparedItems items = harness.prepare(List.of(1, 3, 4, 6));
    var task = task("picky", Map.of("value", "{{item}}"), fastRetry(1));
    harness.batch(task, items, 0, 4, false);
    healed.addAll(List.of(3, 6));
    int callsBefore = picky.calls().size();

    BatchResult resumed = harness.batch(task, items, 0, 4, true);

    assertThat(resumed).isEqualTo(new BatchResult(0, 4, 4, 0, List.of()));
    assertThat(picky.calls().subList(callsBefore, picky.calls().size()))
        .extracting(call -> call.params().get("value"))
        .containsExactly(3, 6);
    assertThat(harness.jsonLines(PartFiles.partName(0, 4)))
        .extracting(line -> (Object) ((Map<?, ?>) line).get("index"))
        .containsExactly(0, 1, 2, 3);
  }

  @Test
  void withoutResume_everyItemRunsAgain() {
    PreparedItems items = harness.prepare(List.of(1, 2));
    var task = task("picky", Map.of("value", "{{item}}"));
    harness.batch(task, items, 0, 2, false);

    harness.batch(task, items, 0, 2, false);

    assertThat(picky.calls()).hasSize(4);
  }

  @Test
  void retriedAttemptAfterACrash_continuesWithoutDuplicatesOrLosses() throws Exception {
    PreparedItems items = harness.prepare(List.of(1, 2, 4, 5, 7, 8));
    var task = task("picky", Map.of("value", "{{item}}"));
    List<BatchCheckpoint> heartbeats = new ArrayList<>();
    harness.env.setActivityHeartbeatListener(BatchCheckpoint.class, heartbeats::add);
    crashAt.set(7);
    assertThat(catchThrowable(() -> harness.batch(task, items, 0, 6, false)))
        .isInstanceOf(ActivityFailure.class);
    // Heartbeats are throttled: the details the server holds may lag the partial file.
    assertThat(heartbeats).isNotEmpty();
    crashAt.set(null);

    harness.env.setHeartbeatDetails(heartbeats.getLast());
    BatchResult retried = harness.batch(task, items, 0, 6, false);

    assertThat(retried).isEqualTo(new BatchResult(0, 6, 6, 0, List.of()));
    assertThat(picky.calls())
        .extracting(call -> call.params().get("value"))
        .containsExactly(1, 2, 4, 5, 7, 7, 8); // 7 crashed once and ran again; nothing else did
    assertThat(harness.jsonLines(PartFiles.partName(0, 6)))
        .extracting(line -> (Object) ((Map<?, ?>) line).get("index"))
        .containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(harness.store.list(EXPANSION_ID)).noneMatch(name -> name.endsWith(".partial"));
  }

  @Test
  void retriedAttempt_keepsItemsFailedBeforeTheCrashAndIgnoresATornLine() throws Exception {
    PreparedItems items = harness.prepare(List.of(1, 3, 4));
    var task = task("picky", Map.of("value", "{{item}}"), fastRetry(1));
    String failed =
        "{\"index\":1,\"failure\":{\"index\":1,\"type\":\"Boom\",\"message\":\"m\",\"attempts\":1}}";
    harness.store.write(
        EXPANSION_ID,
        PartFiles.partialName(0, 3),
        "application/x-ndjson",
        ("{\"index\":0,\"output\":{\"value\":2}}\n" + failed + "\n{\"index\":2,\"out")
            .getBytes(StandardCharsets.UTF_8));
    harness.env.setHeartbeatDetails(new BatchCheckpoint(0, 3, 1, 2));

    BatchResult retried = harness.batch(task, items, 0, 3, false);

    assertThat(retried.succeeded()).isEqualTo(2);
    assertThat(retried.failures()).containsExactly(new ItemFailure(1, "Boom", "m", 1));
    assertThat(picky.calls()).extracting(call -> call.params().get("value")).containsExactly(4);
  }

  @Test
  void firstAttemptOfAFreshRun_ignoresALeftoverPartialFile() throws Exception {
    PreparedItems items = harness.prepare(List.of(1));
    harness.store.write(
        EXPANSION_ID,
        PartFiles.partialName(0, 1),
        "application/x-ndjson",
        "{\"index\":0,\"output\":\"stale\"}\n".getBytes(StandardCharsets.UTF_8));

    harness.batch(task("picky", Map.of("value", "{{item}}")), items, 0, 1, false);

    assertThat(harness.jsonLines(PartFiles.partName(0, 1)))
        .containsExactly(Map.of("index", 0, "output", Map.of("value", 2)));
  }

  @Test
  void itemArtifacts_goUnderTheExpansionPrefixedWithTheirIndex() throws Exception {
    PreparedItems items = harness.prepare(List.of("a", "b"));

    harness.batch(task("echo", Map.of("text", "{{item}}", "file", true)), items, 0, 2, false);

    assertThat(harness.lines("item-0-out.txt")).containsExactly("a");
    assertThat(harness.lines("item-1-out.txt")).containsExactly("b");
  }

  @Test
  void unknownTaskType_failsTheBatchAsNonRetryable() {
    PreparedItems items = harness.prepare(List.of(1));

    ExpansionHarness.assertFailure(
            () -> harness.batch(task("nowhere", Map.of()), items, 0, 1, false))
        .satisfies(
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureTypes.UNKNOWN_TASK_TYPE);
              assertThat(failure.isNonRetryable()).isTrue();
            });
  }

  @Test
  void cancel_stopsTheBatchBetweenItems() throws Exception {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      values.add(50);
    }
    PreparedItems items = harness.prepare(values);
    AtomicBoolean cancelled = new AtomicBoolean();
    Thread canceller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(300);
                  } catch (InterruptedException e) {
                    return;
                  }
                  harness.env.requestCancelActivity();
                  cancelled.set(true);
                });

    Throwable thrown =
        catchThrowable(
            () -> harness.batch(task("slow", Map.of("millis", "{{item}}")), items, 0, 60, false));
    canceller.join();

    assertThat(cancelled).isTrue();
    assertThat(thrown).isInstanceOf(CanceledFailure.class);
    assertThat(slow.calls().size()).isLessThan(60);
    assertThat(harness.store.list(EXPANSION_ID)).doesNotContain(PartFiles.partName(0, 60));
  }

  /** Stands for a worker process dying in the middle of a batch. */
  private static final class WorkerCrash extends Error {}
}

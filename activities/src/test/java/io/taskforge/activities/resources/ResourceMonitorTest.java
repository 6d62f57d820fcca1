package io.taskforge.activities.resources;

import static io.taskforge.activities.resources.AlertLevel.CRITICAL;
import static io.taskforge.activities.resources.AlertLevel.WARNING;
import static io.taskforge.activities.resources.SystemResource.MEMORY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResourceMonitorTest {

  /** Hands out the queued samples in order, then repeats the last. */
  static final class ScriptedSampler implements ResourceSampler {
    private final Deque<ResourceSample> script = new ArrayDeque<>();
    private ResourceSample last;

    ScriptedSampler then(ResourceSample sample) {
      script.add(sample);
      return this;
    }

    @Override
    public synchronized ResourceSample sample() {
      if (!script.isEmpty()) {
        last = script.poll();
      }
      return last;
    }
  }

  private static ResourceSettings settings(int historySize) {
    return new ResourceSettings(
        true,
        Duration.ofMillis(500),
        "",
        new ResourceSettings.Alerts(
            null,
            new ResourceSettings.Thresholds(true, 0.80, 0.90),
            null,
            null,
            0.05,
            2,
            historySize,
            "",
            "",
            Duration.ofSeconds(1)));
  }

  @Test
  void raiseEscalateLowerClear_areCountedPerLevel_keptNewestFirst_andToldToListeners() {
    ScriptedSampler sampler =
        new ScriptedSampler()
            .then(Samples.memory(0, 0.82))
            .then(Samples.memory(1, 0.95))
            .then(Samples.memory(2, 0.80))
            .then(Samples.memory(3, 0.80))
            .then(Samples.memory(4, 0.10))
            .then(Samples.memory(5, 0.10));
    List<AlertTransition> told = new ArrayList<>();
    ResourceMonitor monitor =
        new ResourceMonitor(sampler, settings(100), List.of((t, sample) -> told.add(t)));

    monitor.sampleNow();
    assertThat(monitor.isActive(MEMORY, WARNING)).isTrue();
    monitor.sampleNow();
    assertThat(monitor.isActive(MEMORY, WARNING)).isFalse();
    assertThat(monitor.isActive(MEMORY, CRITICAL)).isTrue();
    for (int i = 0; i < 4; i++) {
      monitor.sampleNow();
    }

    assertThat(told)
        .extracting(AlertTransition::kind)
        .containsExactly(
            AlertTransition.Kind.RAISED,
            AlertTransition.Kind.ESCALATED,
            AlertTransition.Kind.LOWERED,
            AlertTransition.Kind.CLEARED);
    assertThat(monitor.snapshot().history())
        .extracting(AlertTransition::kind)
        .containsExactly(
            AlertTransition.Kind.CLEARED,
            AlertTransition.Kind.LOWERED,
            AlertTransition.Kind.ESCALATED,
            AlertTransition.Kind.RAISED);
    assertThat(monitor.snapshot().active()).isEmpty();
    // Warning was reached twice (raised, lowered into) and left twice (escalated, cleared).
    assertThat(monitor.raisedCount(MEMORY, WARNING)).isEqualTo(2);
    assertThat(monitor.clearedCount(MEMORY, WARNING)).isEqualTo(2);
    assertThat(monitor.raisedCount(MEMORY, CRITICAL)).isEqualTo(1);
    assertThat(monitor.clearedCount(MEMORY, CRITICAL)).isEqualTo(1);
    assertThat(monitor.latest())
        .get()
        .extracting(ResourceSample::sampledAt)
        .isEqualTo(Samples.T0.plusSeconds(5));
  }

  @Test
  void history_keepsOnlyTheNewestChanges() {
    ScriptedSampler sampler = new ScriptedSampler();
    for (int i = 0; i < 10; i++) {
      sampler.then(Samples.memory(3 * i, 0.85));
      sampler.then(Samples.memory(3 * i + 1, 0.10));
      sampler.then(Samples.memory(3 * i + 2, 0.10));
    }
    ResourceMonitor monitor = new ResourceMonitor(sampler, settings(3), List.of());

    for (int i = 0; i < 30; i++) {
      monitor.sampleNow();
    }

    assertThat(monitor.snapshot().history())
        .hasSize(3)
        .extracting(AlertTransition::at)
        .containsExactly(
            Samples.T0.plusSeconds(29), Samples.T0.plusSeconds(27), Samples.T0.plusSeconds(26));
    assertThat(monitor.raisedCount(MEMORY, WARNING)).isEqualTo(10);
  }

  @Test
  void failingListener_doesNotStopOtherListenersOrTheMonitor() {
    ScriptedSampler sampler =
        new ScriptedSampler().then(Samples.memory(0, 0.85)).then(Samples.memory(1, 0.95));
    List<AlertTransition> told = new ArrayList<>();
    AlertListener broken =
        (t, s) -> {
          throw new IllegalStateException("receiver down");
        };
    ResourceMonitor monitor =
        new ResourceMonitor(sampler, settings(100), List.of(broken, (t, s) -> told.add(t)));

    monitor.sampleNow();
    monitor.sampleNow();

    assertThat(told).hasSize(2);
    assertThat(monitor.isActive(MEMORY, CRITICAL)).isTrue();
  }

  @Test
  void started_samplesInTheBackground_survivesAFailingSample_andRestartsAfterStop()
      throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    List<Integer> failed = new CopyOnWriteArrayList<>();
    CountDownLatch firstRun = new CountDownLatch(3);
    CountDownLatch secondRun = new CountDownLatch(6);
    ResourceSampler sampler =
        () -> {
          int call = calls.incrementAndGet();
          firstRun.countDown();
          secondRun.countDown();
          if (call == 2) {
            failed.add(call);
            throw new IllegalStateException("OSHI hiccup");
          }
          return Samples.memory(call, 0.10);
        };
    ResourceMonitor monitor = new ResourceMonitor(sampler, settings(100), List.of());

    monitor.start();
    assertThat(firstRun.await(10, TimeUnit.SECONDS)).isTrue();
    monitor.stop();
    assertThat(monitor.isRunning()).isFalse();
    monitor.start();
    assertThat(secondRun.await(10, TimeUnit.SECONDS)).isTrue();
    monitor.stop();

    assertThat(failed).containsExactly(2);
    assertThat(monitor.latest()).isPresent();
  }
}

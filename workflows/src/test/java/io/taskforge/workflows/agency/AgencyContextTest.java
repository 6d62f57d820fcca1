package io.taskforge.workflows.agency;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.task.TaskStatus;
import io.taskforge.workflows.taskgroup.GroupTaskState;
import io.taskforge.workflows.taskgroup.TaskGroupState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgencyContextTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void newKeys_areAddedAndEqualValuesLeftAlone() {
    Map<String, Object> context = new LinkedHashMap<>(Map.of("n", 1));
    Map<String, String> sources = new LinkedHashMap<>(Map.of("n", AgencyContext.INITIAL));
    List<ContextConflict> conflicts = new ArrayList<>();

    ContextMerge merge =
        AgencyContext.plan(context, sources, "api", Map.of("n", 1.0, "m", "x"), null, AT);
    AgencyContext.apply(merge, context, sources, conflicts);

    assertThat(merge.added()).containsExactly("m");
    assertThat(merge.unchanged()).containsExactly("n");
    assertThat(context).containsEntry("n", 1).containsEntry("m", "x");
    assertThat(sources).containsEntry("m", "api");
    assertThat(conflicts).isEmpty();
  }

  @Test
  void differentValueForExistingKey_isAConflictAndTheFirstValueStays() {
    Map<String, Object> context = new LinkedHashMap<>(Map.of("result", "a"));
    Map<String, String> sources = new LinkedHashMap<>(Map.of("result", "group:one"));
    List<ContextConflict> conflicts = new ArrayList<>();

    ContextMerge merge =
        AgencyContext.plan(context, sources, "group:two", Map.of("result", "b"), "two", AT);
    AgencyContext.apply(merge, context, sources, conflicts);

    assertThat(context.get("result")).isEqualTo("a");
    assertThat(conflicts)
        .containsExactly(new ContextConflict("result", "a", "group:one", "b", "group:two", AT));
    // The namespaced copy keeps what the group really published.
    assertThat(context.get(AgencyContext.GROUPS_KEY))
        .isEqualTo(Map.of("two", Map.of("result", "b")));
  }

  @Test
  void published_isTheCompletedTasksOutputsAndNewKeysNotTheStartContext() {
    TaskGroupState state =
        new TaskGroupState(
            TaskStatus.COMPLETED,
            List.of(
                task("a", TaskStatus.COMPLETED, Map.of("v", 1)),
                task("b", TaskStatus.SKIPPED, null)),
            Map.of("topic", "x", "a", Map.of("v", 1), "p[0]", 5),
            null);

    assertThat(AgencyContext.published(state, Map.of("topic", "x")))
        .containsExactly(Map.entry("a", Map.of("v", 1)), Map.entry("p[0]", 5));
  }

  private static GroupTaskState task(String name, TaskStatus status, Object output) {
    return new GroupTaskState(name, status, null, output, null, null, null, null, null);
  }
}

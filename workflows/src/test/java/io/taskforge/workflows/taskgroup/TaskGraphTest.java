package io.taskforge.workflows.taskgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskforge.workflows.task.TaskStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskGraphTest {

  @Test
  void rootsOnly_areAllReadyInDeclarationOrder() {
    TaskGraph graph = graph("c", deps(), "a", deps(), "b", deps());

    assertThat(graph.ready(Map.of(), Set.of())).containsExactly("c", "a", "b");
  }

  @Test
  void diamond_joinWaitsForBothBranches() {
    TaskGraph graph = diamond();

    assertThat(graph.ready(Map.of(), Set.of())).containsExactly("extract");
    Map<String, TaskStatus> statuses = new HashMap<>();
    statuses.put("extract", TaskStatus.COMPLETED);
    assertThat(graph.ready(statuses, Set.of("extract"))).containsExactly("left", "right");

    statuses.put("left", TaskStatus.COMPLETED);
    statuses.put("right", TaskStatus.RUNNING);
    assertThat(graph.ready(statuses, Set.of("extract", "left", "right"))).isEmpty();

    statuses.put("right", TaskStatus.COMPLETED);
    assertThat(graph.ready(statuses, Set.of("extract", "left", "right"))).containsExactly("join");
  }

  @Test
  void startedTask_isNotReadyAgain() {
    TaskGraph graph = graph("a", deps(), "b", deps());

    assertThat(graph.ready(Map.of("a", TaskStatus.RUNNING), Set.of("a"))).containsExactly("b");
  }

  @Test
  void dependencyWithoutStatus_isNotSatisfied() {
    TaskGraph graph = graph("a", deps(), "b", deps(Dependency.on("a")));

    assertThat(graph.ready(Map.of(), Set.of("a"))).isEmpty();
    assertThat(graph.skippable(Map.of(), Set.of("a"))).isEmpty();
  }

  @Test
  void failedCondition_readyOnlyWhenDependencyFailed() {
    TaskGraph graph =
        graph("work", deps(), "onError", deps(new Dependency("work", DependencyCondition.FAILED)));

    assertThat(graph.ready(Map.of("work", TaskStatus.FAILED), Set.of("work")))
        .containsExactly("onError");
    assertThat(graph.ready(Map.of("work", TaskStatus.COMPLETED), Set.of("work"))).isEmpty();
    assertThat(graph.skippable(Map.of("work", TaskStatus.COMPLETED), Set.of("work")))
        .containsExactly(Map.entry("onError", "dependency 'work' ended COMPLETED, needed FAILED"));
  }

  @Test
  void anyTerminalCondition_readyAfterEveryFinalStatus() {
    TaskGraph graph =
        graph(
            "work",
            deps(),
            "cleanup",
            deps(new Dependency("work", DependencyCondition.ANY_TERMINAL)));

    for (TaskStatus status : TaskStatus.values()) {
      List<String> ready = graph.ready(Map.of("work", status), Set.of("work"));
      if (status.isTerminal()) {
        assertThat(ready).as(status.name()).containsExactly("cleanup");
      } else {
        assertThat(ready).as(status.name()).isEmpty();
      }
      assertThat(graph.skippable(Map.of("work", status), Set.of("work"))).isEmpty();
    }
  }

  @Test
  void nullCondition_meansCompleted() {
    assertThat(new Dependency("a", null).condition()).isEqualTo(DependencyCondition.COMPLETED);
  }

  @Test
  void dependencyConditions_matchStatuses() {
    assertThat(DependencyCondition.COMPLETED.satisfiedBy(TaskStatus.COMPLETED)).isTrue();
    assertThat(DependencyCondition.COMPLETED.canNeverBeSatisfiedBy(TaskStatus.SKIPPED)).isTrue();
    assertThat(DependencyCondition.COMPLETED.canNeverBeSatisfiedBy(TaskStatus.RUNNING)).isFalse();
    assertThat(DependencyCondition.FAILED.satisfiedBy(TaskStatus.CANCELLED)).isFalse();
    assertThat(DependencyCondition.FAILED.canNeverBeSatisfiedBy(TaskStatus.CANCELLED)).isTrue();
    assertThat(DependencyCondition.ANY_TERMINAL.satisfiedBy(TaskStatus.SKIPPED)).isTrue();
    assertThat(DependencyCondition.ANY_TERMINAL.satisfiedBy(TaskStatus.WAITING)).isFalse();
  }

  @Test
  void failureInChain_skipsPropagateOneLevelPerRoundAndSpareAnyTerminal() {
    TaskGraph graph =
        graph(
            "extract", deps(),
            "transform", deps(Dependency.on("extract")),
            "load", deps(Dependency.on("transform")),
            "report", deps(Dependency.on("load")),
            "cleanup", deps(new Dependency("report", DependencyCondition.ANY_TERMINAL)));
    Map<String, TaskStatus> statuses = new LinkedHashMap<>();
    statuses.put("extract", TaskStatus.FAILED);
    Set<String> started = Set.of("extract");

    assertThat(graph.skippable(statuses, started))
        .containsExactly(
            Map.entry("transform", "dependency 'extract' ended FAILED, needed COMPLETED"));
    statuses.put("transform", TaskStatus.SKIPPED);

    assertThat(graph.skippable(statuses, started))
        .containsExactly(
            Map.entry("load", "dependency 'transform' ended SKIPPED, needed COMPLETED"));
    statuses.put("load", TaskStatus.SKIPPED);

    assertThat(graph.skippable(statuses, started))
        .containsExactly(Map.entry("report", "dependency 'load' ended SKIPPED, needed COMPLETED"));
    statuses.put("report", TaskStatus.SKIPPED);

    assertThat(graph.skippable(statuses, started)).isEmpty();
    assertThat(graph.ready(statuses, started)).containsExactly("cleanup");
  }

  @Test
  void skippable_namesFirstUnsatisfiableDependencyAndIgnoresOpenOnes() {
    TaskGraph graph =
        graph(
            "a", deps(),
            "b", deps(),
            "c", deps(),
            "join", deps(Dependency.on("a"), Dependency.on("b"), Dependency.on("c")));

    Map<String, String> skippable =
        graph.skippable(
            Map.of("a", TaskStatus.RUNNING, "b", TaskStatus.CANCELLED, "c", TaskStatus.FAILED),
            Set.of("a", "b", "c"));

    assertThat(skippable)
        .containsExactly(Map.entry("join", "dependency 'b' ended CANCELLED, needed COMPLETED"));
  }

  @Test
  void taskWithTerminalStatus_countsAsStarted() {
    TaskGraph graph = graph("a", deps(), "b", deps(Dependency.on("a")));

    Map<String, TaskStatus> statuses = Map.of("a", TaskStatus.FAILED, "b", TaskStatus.SKIPPED);

    assertThat(graph.skippable(statuses, Set.of())).isEmpty();
    assertThat(graph.ready(statuses, Set.of())).isEmpty();
  }

  @Test
  void cycle_reportsPathFromEarliestDeclaredTask() {
    GraphValidationException e =
        catchThrowableOfType(
            GraphValidationException.class,
            () ->
                graph(
                    "start", deps(),
                    "a", deps(Dependency.on("start"), Dependency.on("b")),
                    "b", deps(Dependency.on("c")),
                    "c", deps(Dependency.on("a"))));

    assertThat(e.cyclePath()).containsExactly("a", "b", "c", "a");
    assertThat(e.problems())
        .containsExactly(new GraphProblem("tasks.a.dependsOn", "cycle: a -> b -> c -> a"));
    assertThat(e).hasMessageContaining("cycle: a -> b -> c -> a");
  }

  @Test
  void cycleEnteredFromLaterTask_isStillRotatedToEarliest() {
    GraphValidationException e =
        catchThrowableOfType(
            GraphValidationException.class,
            () ->
                graph(
                    "entry", deps(Dependency.on("b")),
                    "a", deps(Dependency.on("b")),
                    "b", deps(Dependency.on("a"))));

    assertThat(e.cyclePath()).containsExactly("a", "b", "a");
  }

  @Test
  void twoTaskCycle_isReported() {
    GraphValidationException e =
        catchThrowableOfType(
            GraphValidationException.class,
            () -> graph("a", deps(Dependency.on("b")), "b", deps(Dependency.on("a"))));

    assertThat(e.problems())
        .extracting(GraphProblem::message)
        .containsExactly("cycle: a -> b -> a");
  }

  @Test
  void badDependencies_areAllReportedWithTheirField() {
    GraphValidationException e =
        catchThrowableOfType(
            GraphValidationException.class,
            () ->
                graph(
                    "extract",
                    deps(),
                    "report",
                    deps(
                        Dependency.on("extract"),
                        Dependency.on("missing"),
                        Dependency.on("report"),
                        new Dependency("extract", DependencyCondition.FAILED))));

    assertThat(e.problems())
        .containsExactly(
            new GraphProblem("tasks.report.dependsOn[1]", "unknown task 'missing'"),
            new GraphProblem("tasks.report.dependsOn[2]", "task 'report' depends on itself"),
            new GraphProblem("tasks.report.dependsOn[3]", "duplicate dependency on 'extract'"));
    assertThat(e.cyclePath()).isEmpty();
  }

  @Test
  void duplicateNames_listsEachRepeatedNameOnce() {
    assertThat(TaskGraph.duplicateNames(List.of("b", "a", "b", "c", "a", "b")))
        .containsExactly("b", "a");
    assertThat(TaskGraph.duplicateNames(List.of("a", "b"))).isEmpty();
  }

  @Test
  void topologicalOrder_prefersDeclarationOrderAmongReadyTasks() {
    TaskGraph graph =
        graph(
            "report", deps(Dependency.on("load"), Dependency.on("audit")),
            "load", deps(Dependency.on("extract")),
            "audit", deps(),
            "extract", deps());

    assertThat(graph.topologicalOrder()).containsExactly("audit", "extract", "load", "report");
    assertThat(diamond().topologicalOrder()).containsExactly("extract", "left", "right", "join");
  }

  @Test
  void dependents_andDependencies_followDeclarationOrder() {
    TaskGraph graph = diamond();

    assertThat(graph.names()).containsExactly("extract", "left", "right", "join");
    assertThat(graph.dependents("extract")).containsExactly("left", "right");
    assertThat(graph.dependencies("join"))
        .containsExactly(Dependency.on("left"), Dependency.on("right"));
    assertThatThrownBy(() -> graph.dependents("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown task 'nope'");
  }

  private static TaskGraph diamond() {
    return graph(
        "extract", deps(),
        "left", deps(Dependency.on("extract")),
        "right", deps(Dependency.on("extract")),
        "join", deps(Dependency.on("left"), Dependency.on("right")));
  }

  private static List<Dependency> deps(Dependency... dependencies) {
    return List.of(dependencies);
  }

  /** Builds a graph from alternating names and dependency lists, keeping their order. */
  private static TaskGraph graph(Object... namesAndDeps) {
    Map<String, List<Dependency>> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndDeps.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<Dependency> deps = (List<Dependency>) namesAndDeps[i + 1];
      map.put((String) namesAndDeps[i], deps);
    }
    return TaskGraph.of(map);
  }
}

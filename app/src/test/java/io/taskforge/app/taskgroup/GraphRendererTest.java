package io.taskforge.app.taskgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphRendererTest {

  @Test
  void mermaid_drawsOneNodePerTaskWithNameTypeAndStatus_colouredByStatus() {
    String mermaid =
        GraphRenderer.mermaid(
            group(
                task("split", "COMPLETED"),
                task("left", "RUNNING", dep("split", "COMPLETED")),
                task("cleanup", "WAITING", dep("split", "ANY_TERMINAL")),
                task("report", "SKIPPED", dep("left", "COMPLETED"))));

    assertThat(mermaid).startsWith("flowchart TD\n");
    assertThat(mermaid)
        .contains("  t0[\"split<br/>echo<br/>COMPLETED\"]:::completed\n")
        .contains("  t1[\"left<br/>echo<br/>RUNNING\"]:::running\n")
        .contains("  t2[\"cleanup<br/>echo<br/>WAITING\"]:::waiting\n")
        .contains("  t3[\"report<br/>echo<br/>SKIPPED\"]:::skipped\n")
        .contains("  t0 --> t1\n")
        .contains("  t0 -->|ANY_TERMINAL| t2\n")
        .contains("  t1 --> t3\n")
        .contains("classDef completed fill:#c8e6c9")
        .contains("classDef failed fill:#ffcdd2")
        .contains("classDef running fill:#bbdefb");
  }

  @Test
  void expandedTask_isOneNodeWithItsItemCounts_howeverManyItems() {
    TaskGroupView.GroupTaskView fanOut =
        expandedTask(
            "process",
            "FAILED",
            new TaskGroupView.ExpansionView("array", "merge", 100_000L, 1_231L, 3L, List.of()));

    String mermaid = GraphRenderer.mermaid(group(task("split", "COMPLETED"), fanOut));
    String dot = GraphRenderer.dot(group(task("split", "COMPLETED"), fanOut));

    assertThat(mermaid.lines().filter(line -> line.contains("[\"")).count()).isEqualTo(2);
    assertThat(mermaid).contains("1,234/100,000 done, 3 failed").contains(":::failed");
    assertThat(dot.lines().filter(line -> line.contains("label=\"process")).count()).isEqualTo(1);
    assertThat(dot).contains("1,234/100,000 done, 3 failed");
  }

  @Test
  void expansionStillRunning_showsItsShapeWithoutCounts() {
    TaskGroupView.GroupTaskView running =
        expandedTask(
            "each",
            "RUNNING",
            new TaskGroupView.ExpansionView("matrix", "separate", null, null, null, List.of()));

    assertThat(GraphRenderer.label(running))
        .containsExactly("each", "echo [matrix, separate]", "RUNNING");
  }

  @Test
  void dot_isADigraphWithFillColoursAndLabelledConditionEdges() {
    String dot =
        GraphRenderer.dot(
            group(
                task("a", "COMPLETED"),
                task("b", "FAILED", dep("a", "COMPLETED")),
                task("onError", "SCHEDULED", dep("b", "FAILED")),
                task("c", "CANCELLED", dep("a", "COMPLETED"))));

    assertThat(dot).startsWith("digraph \"g-1\" {\n").endsWith("}\n");
    assertThat(dot)
        .contains("t0 [label=\"a\\necho\\nCOMPLETED\", fillcolor=\"#c8e6c9\"")
        .contains("t1 [label=\"b\\necho\\nFAILED\", fillcolor=\"#ffcdd2\"")
        .contains("t2 [label=\"onError\\necho\\nSCHEDULED\", fillcolor=\"#e0e0e0\"")
        .contains("t3 [label=\"c\\necho\\nCANCELLED\", fillcolor=\"#f5f5f5\"")
        .contains("  t0 -> t1;\n")
        .contains("  t1 -> t2 [label=\"FAILED\", style=dashed];\n");
  }

  @Test
  void labels_areEscaped_soNoTextBreaksTheSyntax() {
    TaskGroupView.GroupTaskView odd =
        new TaskGroupView.GroupTaskView(
            "x\"];evil",
            "t<|>#",
            "COMPLETED",
            null,
            null,
            List.of(),
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    assertThat(GraphRenderer.mermaid(group(odd)))
        .contains("t0[\"x#quot;];evil<br/>t#lt;#124;#gt;#35;<br/>COMPLETED\"]");
    assertThat(GraphRenderer.dot(group(odd)))
        .contains("t0 [label=\"x\\\"];evil\\nt<|>#\\nCOMPLETED\"");
  }

  private static TaskGroupView group(TaskGroupView.GroupTaskView... tasks) {
    return new TaskGroupView(
        "g-1",
        "g",
        null,
        Map.of(),
        "RUNNING",
        null,
        "FAIL_FAST",
        10,
        "NORMAL",
        null,
        Arrays.asList(tasks),
        Map.of(),
        null,
        null);
  }

  private static TaskGroupView.GroupTaskView task(
      String name, String status, TaskGroupView.DependencyView... dependsOn) {
    return new TaskGroupView.GroupTaskView(
        name,
        "echo",
        status,
        null,
        null,
        List.of(dependsOn),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static TaskGroupView.GroupTaskView expandedTask(
      String name, String status, TaskGroupView.ExpansionView expansion) {
    return new TaskGroupView.GroupTaskView(
        name,
        "echo",
        status,
        null,
        null,
        List.of(dep("split", "COMPLETED")),
        null,
        null,
        null,
        null,
        expansion,
        null,
        null);
  }

  private static TaskGroupView.DependencyView dep(String task, String status) {
    return new TaskGroupView.DependencyView(task, status);
  }
}

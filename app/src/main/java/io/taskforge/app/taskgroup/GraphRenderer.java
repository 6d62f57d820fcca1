package io.taskforge.app.taskgroup;

import io.taskforge.app.task.TaskStatuses;
import io.taskforge.workflows.task.TaskStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a group's DAG as Mermaid or Graphviz DOT, coloured by status. Nodes are named {@code t0},
 * {@code t1}, ... by position, so no task name can break the syntax; names appear only in quoted,
 * escaped labels. An expanded task is one node with its item counts, however many items it has.
 */
public final class GraphRenderer {

  /** Fill and border per status, shared by both formats. */
  enum Style {
    COMPLETED("#c8e6c9", "#2e7d32"),
    FAILED("#ffcdd2", "#c62828"),
    RUNNING("#bbdefb", "#1565c0"),
    WAITING("#e0e0e0", "#616161"),
    SKIPPED("#f5f5f5", "#bdbdbd");

    final String fill;
    final String stroke;

    Style(String fill, String stroke) {
      this.fill = fill;
      this.stroke = stroke;
    }

    static Style of(String status) {
      return switch (TaskStatuses.parse(status, TaskStatus.PENDING)) {
        case COMPLETED -> COMPLETED;
        case FAILED -> FAILED;
        case RUNNING -> RUNNING;
        case PENDING, WAITING, SCHEDULED -> WAITING;
        case SKIPPED, CANCELLED -> SKIPPED;
      };
    }

    String className() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private GraphRenderer() {}

  public static String mermaid(TaskGroupView group) {
    StringBuilder out = new StringBuilder("flowchart TD\n");
    Map<String, String> ids = nodeIds(group.tasks());
    for (TaskGroupView.GroupTaskView task : group.tasks()) {
      out.append("  ")
          .append(ids.get(task.name()))
          .append("[\"")
          .append(
              String.join("<br/>", label(task).stream().map(GraphRenderer::mermaidText).toList()))
          .append("\"]:::")
          .append(Style.of(task.status()).className())
          .append('\n');
    }
    for (TaskGroupView.GroupTaskView task : group.tasks()) {
      for (TaskGroupView.DependencyView dependency : task.dependsOn()) {
        String from = ids.get(dependency.task());
        if (from == null) {
          continue;
        }
        out.append("  ").append(from);
        if ("COMPLETED".equals(dependency.status())) {
          out.append(" --> ");
        } else {
          out.append(" -->|").append(mermaidText(dependency.status())).append("| ");
        }
        out.append(ids.get(task.name())).append('\n');
      }
    }
    for (Style style : Style.values()) {
      out.append("  classDef ")
          .append(style.className())
          .append(" fill:")
          .append(style.fill)
          .append(",stroke:")
          .append(style.stroke)
          .append(style == Style.SKIPPED ? ",stroke-dasharray:4 3,color:#757575" : ",color:#212121")
          .append('\n');
    }
    return out.toString();
  }

  public static String dot(TaskGroupView group) {
    StringBuilder out = new StringBuilder("digraph \"");
    out.append(dotText(group.id() == null ? "task group" : group.id())).append("\" {\n");
    out.append("  rankdir=TB;\n");
    out.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
    Map<String, String> ids = nodeIds(group.tasks());
    for (TaskGroupView.GroupTaskView task : group.tasks()) {
      Style style = Style.of(task.status());
      out.append("  ")
          .append(ids.get(task.name()))
          .append(" [label=\"")
          .append(String.join("\\n", label(task).stream().map(GraphRenderer::dotText).toList()))
          .append("\", fillcolor=\"")
          .append(style.fill)
          .append("\", color=\"")
          .append(style.stroke)
          .append('"')
          .append(style == Style.SKIPPED ? ", style=\"rounded,filled,dashed\"" : "")
          .append("];\n");
    }
    for (TaskGroupView.GroupTaskView task : group.tasks()) {
      for (TaskGroupView.DependencyView dependency : task.dependsOn()) {
        String from = ids.get(dependency.task());
        if (from == null) {
          continue;
        }
        out.append("  ").append(from).append(" -> ").append(ids.get(task.name()));
        if (!"COMPLETED".equals(dependency.status())) {
          out.append(" [label=\"").append(dotText(dependency.status())).append("\", style=dashed]");
        }
        out.append(";\n");
      }
    }
    return out.append("}\n").toString();
  }

  /** A node's lines: name, type (and expansion), status or item counts. */
  static List<String> label(TaskGroupView.GroupTaskView task) {
    TaskGroupView.ExpansionView expansion = task.expansion();
    if (expansion == null) {
      return List.of(task.name(), task.type(), task.status());
    }
    String shape = task.type() + " [" + expansion.type() + ", " + expansion.output() + "]";
    if (expansion.total() == null) {
      return List.of(task.name(), shape, task.status());
    }
    return List.of(task.name(), shape, task.status() + ": " + counts(expansion));
  }

  /** Such as {@code 1,234/100,000 done, 3 failed}. */
  static String counts(TaskGroupView.ExpansionView expansion) {
    long failed = expansion.failed() == null ? 0 : expansion.failed();
    long done = (expansion.succeeded() == null ? 0 : expansion.succeeded()) + failed;
    String text = String.format(Locale.ROOT, "%,d/%,d done", done, expansion.total());
    return failed > 0 ? text + String.format(Locale.ROOT, ", %,d failed", failed) : text;
  }

  private static Map<String, String> nodeIds(List<TaskGroupView.GroupTaskView> tasks) {
    Map<String, String> ids = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      ids.putIfAbsent(tasks.get(i).name(), "t" + i);
    }
    return ids;
  }

  /** Mermaid label text: entity codes for what would end or confuse a quoted label. */
  static String mermaidText(String text) {
    return text.replace("#", "#35;")
        .replace("&", "#38;")
        .replace("\"", "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("|", "#124;");
  }

  /** DOT quoted-string text. */
  static String dotText(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}

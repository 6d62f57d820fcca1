package io.taskforge.activities.report;

import java.util.List;
import java.util.Objects;

/** What a report holds, read from a task's parameters and checked. */
record Report(String title, String subtitle, String author, List<Section> sections) {
  Report {
    Objects.requireNonNull(title, "title");
    sections = List.copyOf(sections);
  }

  /** A numbered section: a heading, then optional text, bullets and a table, in that order. */
  record Section(String heading, String text, List<String> bullets, Table table) {
    Section {
      Objects.requireNonNull(heading, "heading");
      bullets = bullets == null ? List.of() : List.copyOf(bullets);
    }
  }

  /** A table whose rows have exactly as many cells as it has columns. */
  record Table(List<String> columns, List<List<String>> rows) {
    Table {
      columns = List.copyOf(columns);
      rows = rows.stream().map(List::copyOf).toList();
      if (columns.isEmpty()) {
        throw new IllegalArgumentException("a table needs at least one column");
      }
      for (List<String> row : rows) {
        if (row.size() != columns.size()) {
          throw new IllegalArgumentException("every row needs " + columns.size() + " cells");
        }
      }
    }
  }
}

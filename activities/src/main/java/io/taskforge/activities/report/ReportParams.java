package io.taskforge.activities.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.workflows.tasktype.InvalidParamException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link Report} from {@code report_generation} parameters; an {@link
 * InvalidParamException} names the bad field.
 */
final class ReportParams {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportParams() {}

  static Report read(Map<String, Object> params) {
    String title = requiredText(params.get("title"), "params.title");
    String subtitle = optionalText(params.get("subtitle"), "params.subtitle");
    String author = optionalText(params.get("author"), "params.author");
    List<Report.Section> sections = new ArrayList<>();
    List<?> given = list(params.get("sections"), "params.sections");
    for (int i = 0; i < given.size(); i++) {
      sections.add(section(given.get(i), "params.sections[" + i + "]"));
    }
    return new Report(title, subtitle, author, sections);
  }

  private static Report.Section section(Object value, String field) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new InvalidParamException(field, "must be an object");
    }
    String heading = requiredText(map.get("heading"), field + ".heading");
    String text = optionalText(map.get("text"), field + ".text");
    List<String> bullets = new ArrayList<>();
    List<?> givenBullets = list(map.get("bullets"), field + ".bullets");
    for (int i = 0; i < givenBullets.size(); i++) {
      bullets.add(cell(givenBullets.get(i)));
    }
    Report.Table table =
        map.get("table") == null ? null : table(map.get("table"), field + ".table");
    return new Report.Section(heading, text, bullets, table);
  }

  private static Report.Table table(Object value, String field) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new InvalidParamException(field, "must be an object with columns and rows");
    }
    List<?> givenColumns = list(map.get("columns"), field + ".columns");
    if (givenColumns.isEmpty()) {
      throw new InvalidParamException(field + ".columns", "must name at least one column");
    }
    List<String> columns = givenColumns.stream().map(ReportParams::cell).toList();
    List<List<String>> rows = new ArrayList<>();
    List<?> givenRows = list(map.get("rows"), field + ".rows");
    for (int i = 0; i < givenRows.size(); i++) {
      List<?> row = list(givenRows.get(i), field + ".rows[" + i + "]");
      if (row.size() > columns.size()) {
        throw new InvalidParamException(
            field + ".rows[" + i + "]",
            "has " + row.size() + " cells for " + columns.size() + " columns");
      }
      List<String> cells = new ArrayList<>(row.stream().map(ReportParams::cell).toList());
      while (cells.size() < columns.size()) {
        cells.add(""); // a short row leaves its last cells empty
      }
      rows.add(cells);
    }
    return new Report.Table(columns, rows);
  }

  /** How a JSON value reads in a cell or bullet: numbers without exponent, structures as JSON. */
  static String cell(Object value) {
    return switch (value) {
      case null -> "";
      case String text -> text;
      case Double number when Double.isFinite(number) ->
          BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
      case Map<?, ?> map -> json(map);
      case List<?> list -> json(list);
      default -> value.toString();
    };
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return value.toString();
    }
  }

  private static List<?> list(Object value, String field) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new InvalidParamException(field, "must be an array");
    }
    return list;
  }

  private static String requiredText(Object value, String field) {
    if (!(value instanceof String text) || text.isBlank()) {
      throw new InvalidParamException(field, "must be a non-empty string");
    }
    return text;
  }

  private static String optionalText(Object value, String field) {
    if (value != null && !(value instanceof String)) {
      throw new InvalidParamException(field, "must be a string");
    }
    return value == null || ((String) value).isBlank() ? null : (String) value;
  }
}

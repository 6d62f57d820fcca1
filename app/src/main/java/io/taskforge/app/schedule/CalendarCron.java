package io.taskforge.app.schedule;

import io.temporal.api.schedule.v1.Range;
import io.temporal.api.schedule.v1.StructuredCalendarSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a calendar back as a cron expression. Temporal keeps cron expressions only in the parsed
 * (structured) form it describes, so this is how a schedule shows the cron it runs on, edits made
 * in the Web UI or CLI included: 5 fields when it fires on second 0 in every year, else 7.
 */
final class CalendarCron {
  private CalendarCron() {}

  static String render(StructuredCalendarSpec calendar) {
    String second = field(calendar.getSecondList(), 0, 59);
    String year = field(calendar.getYearList(), 2000, 2100);
    List<String> fields = new ArrayList<>();
    boolean seconds = !second.equals("0");
    if (seconds) {
      fields.add(second);
    }
    fields.add(field(calendar.getMinuteList(), 0, 59));
    fields.add(field(calendar.getHourList(), 0, 23));
    fields.add(field(calendar.getDayOfMonthList(), 1, 31));
    fields.add(field(calendar.getMonthList(), 1, 12));
    fields.add(field(calendar.getDayOfWeekList(), 0, 6));
    if (seconds || !year.equals("*")) {
      fields.add(year);
    }
    String cron = String.join(" ", fields);
    return calendar.getComment().isEmpty() ? cron : cron + " # " + calendar.getComment();
  }

  /** An empty list means every value (Temporal's form for "every year"). */
  private static String field(List<Range> ranges, int min, int max) {
    if (ranges.isEmpty()) {
      return "*";
    }
    return ranges.stream().map(r -> part(r, min, max)).collect(Collectors.joining(","));
  }

  private static String part(Range range, int min, int max) {
    int end = end(range);
    int step = step(range);
    if (end == range.getStart()) {
      return Integer.toString(range.getStart());
    }
    String span = range.getStart() == min && end == max ? "*" : range.getStart() + "-" + end;
    return step == 1 ? span : span + "/" + step;
  }

  /** Temporal leaves end 0 (or below start) for a single value, and step 0 for 1. */
  private static int end(Range range) {
    return Math.max(range.getEnd(), range.getStart());
  }

  private static int step(Range range) {
    return Math.max(range.getStep(), 1);
  }
}

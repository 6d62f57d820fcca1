package io.taskforge.app.schedule;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks cron expressions with the grammar Temporal Schedules accept, so a bad one is refused with
 * its field named before anything reaches Temporal: an optional {@code TZ=} or {@code CRON_TZ=}
 * prefix, 5 fields (minute hour day-of-month month day-of-week), 6 (plus year) or 7 (second first,
 * year last), each field {@code *}, values, ranges {@code a-b}, steps {@code /n} and lists {@code
 * ,}, month and weekday names; {@code @daily}-style shorthands, {@code @every <duration>[/offset]},
 * and a trailing {@code # comment}. The server parses them again; this mirrors its rules.
 */
final class CronExpressions {
  static final int MAX_LENGTH = 500;

  private static final List<String> MONTHS =
      List.of(
          "january",
          "february",
          "march",
          "april",
          "may",
          "june",
          "july",
          "august",
          "september",
          "october",
          "november",
          "december");
  private static final List<String> WEEKDAYS =
      List.of("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");
  private static final Set<String> SHORTHANDS =
      Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");

  /** Go's duration syntax, which {@code @every} takes: {@code 90m}, {@code 1h30m}, {@code 2d}. */
  private static final Pattern GO_DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d)");

  private enum Names {
    NONE,
    MONTHS,
    WEEKDAYS
  }

  private record Field(String name, int min, int max, Names names) {}

  private static final Field SECOND = new Field("second", 0, 59, Names.NONE);
  private static final Field MINUTE = new Field("minute", 0, 59, Names.NONE);
  private static final Field HOUR = new Field("hour", 0, 23, Names.NONE);
  private static final Field DAY_OF_MONTH = new Field("day-of-month", 1, 31, Names.NONE);
  private static final Field MONTH = new Field("month", 1, 12, Names.MONTHS);
  private static final Field DAY_OF_WEEK = new Field("day-of-week", 0, 7, Names.WEEKDAYS);
  private static final Field YEAR = new Field("year", 2000, 2100, Names.NONE);

  private CronExpressions() {}

  /**
   * The outcome of checking one expression.
   *
   * @param timeZone the zone its {@code TZ=} prefix names, or null
   * @param errors empty when the expression is valid
   */
  record Checked(String timeZone, List<String> errors) {
    boolean valid() {
      return errors.isEmpty();
    }
  }

  static Checked check(String expression) {
    List<String> errors = new ArrayList<>();
    if (expression == null || expression.isBlank()) {
      return new Checked(null, List.of("must be a cron expression such as \"0 3 * * *\""));
    }
    if (expression.length() > MAX_LENGTH) {
      return new Checked(null, List.of("must be at most " + MAX_LENGTH + " characters"));
    }
    String text = expression.trim();
    String timeZone = null;
    if (text.startsWith("TZ=") || text.startsWith("CRON_TZ=")) {
      int space = text.indexOf(' ');
      if (space < 0) {
        return new Checked(null, List.of("has a time zone but no fields"));
      }
      timeZone = text.substring(text.indexOf('=') + 1, space);
      if (!isTimeZone(timeZone)) {
        errors.add("names an unknown time zone '" + timeZone + "'");
      }
      text = text.substring(space + 1);
    }
    int hash = text.indexOf('#');
    if (hash >= 0) {
      if (text.length() - hash - 1 > 200) {
        errors.add("has a comment longer than 200 characters");
      }
      text = text.substring(0, hash);
    }
    text = text.trim();
    if (text.startsWith("@every")) {
      checkEvery(text, errors);
    } else if (text.startsWith("@")) {
      if (!SHORTHANDS.contains(text)) {
        errors.add(
            "'"
                + text
                + "' is not one of @yearly, @annually, @monthly, @weekly, @daily, @midnight,"
                + " @hourly or @every <duration>");
      }
    } else {
      checkFields(text.split("\\s+"), errors);
    }
    return new Checked(timeZone, List.copyOf(errors));
  }

  /** IANA names such as {@code Europe/Berlin}, or {@code UTC}; not offsets like {@code +02:00}. */
  static boolean isTimeZone(String name) {
    return name != null && ZoneId.getAvailableZoneIds().contains(name);
  }

  private static void checkFields(String[] fields, List<String> errors) {
    List<Field> layout =
        switch (fields.length) {
          case 5 -> List.of(MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK);
          case 6 -> List.of(MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR);
          case 7 -> List.of(SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR);
          default -> null;
        };
    if (layout == null) {
      errors.add(
          "must have 5 fields (minute hour day-of-month month day-of-week), 6 (plus year) or 7"
              + " (second first, year last); it has "
              + fields.length);
      return;
    }
    for (int i = 0; i < fields.length; i++) {
      checkField(fields[i], layout.get(i), errors);
    }
  }

  private static void checkField(String value, Field field, List<String> errors) {
    for (String part : value.split(",", -1)) {
      String problem = partProblem(part, field);
      if (problem != null) {
        errors.add(field.name() + " '" + value + "' " + problem);
        return;
      }
    }
  }

  private static String partProblem(String part, Field field) {
    String range = part;
    int slash = part.indexOf('/');
    if (slash >= 0) {
      if (part.indexOf('/', slash + 1) >= 0) {
        return "has more than one /";
      }
      String step = part.substring(slash + 1);
      if (!step.matches("\\d{1,9}") || Integer.parseInt(step) < 1) {
        return "has a step that is not a positive number";
      }
      range = part.substring(0, slash);
    }
    if (range.equals("*")) {
      return null;
    }
    int dash = range.indexOf('-');
    if (dash < 0) {
      return value(range, field) == null ? outOfRange(field) : null;
    }
    if (range.indexOf('-', dash + 1) >= 0) {
      return "has more than one -";
    }
    Integer start = value(range.substring(0, dash), field);
    Integer end = value(range.substring(dash + 1), field);
    if (start == null || end == null) {
      return outOfRange(field);
    }
    if (end < start) {
      return "has a range that ends before it starts";
    }
    return null;
  }

  private static String outOfRange(Field field) {
    String names =
        switch (field.names()) {
          case MONTHS -> " or a month name";
          case WEEKDAYS -> " or a weekday name";
          case NONE -> "";
        };
    return "must hold *, numbers from "
        + field.min()
        + " to "
        + field.max()
        + names
        + ", ranges a-b, steps /n and lists";
  }

  /** The value of a number or name, or null when it is neither or out of the field's range. */
  private static Integer value(String text, Field field) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (field.names() == Names.MONTHS && lower.length() >= 3) {
      for (int i = 0; i < MONTHS.size(); i++) {
        if (MONTHS.get(i).startsWith(lower)) {
          return i + 1;
        }
      }
    }
    if (field.names() == Names.WEEKDAYS && lower.length() >= 2) {
      for (int i = 0; i < WEEKDAYS.size(); i++) {
        if (WEEKDAYS.get(i).startsWith(lower)) {
          return i;
        }
      }
    }
    if (!text.matches("\\d{1,9}")) {
      return null;
    }
    int number = Integer.parseInt(text);
    return number < field.min() || number > field.max() ? null : number;
  }

  private static void checkEvery(String text, List<String> errors) {
    String[] words = text.split("\\s+");
    if (words.length != 2 || !words[0].equals("@every")) {
      errors.add("must be @every <duration>[/<offset>], such as @every 15m or @every 1h/5m");
      return;
    }
    String[] parts = words[1].split("/", -1);
    Duration every = goDuration(parts[0]);
    Duration offset = parts.length > 1 ? goDuration(parts[1]) : Duration.ZERO;
    if (parts.length > 2 || every == null || offset == null) {
      errors.add("must be @every <duration>[/<offset>], such as @every 15m or @every 1h/5m");
    } else if (every.compareTo(Duration.ofSeconds(1)) < 0) {
      errors.add("has an @every interval shorter than 1s");
    } else if (offset.compareTo(every) >= 0) {
      errors.add("has an @every offset that is not shorter than its interval");
    }
  }

  /** A duration in Go's syntax (what the server parses {@code @every} with), or null. */
  static Duration goDuration(String text) {
    if (text.isEmpty()) {
      return null;
    }
    Matcher matcher = GO_DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < text.length()) {
      if (!matcher.find(at) || matcher.start() != at) {
        return null;
      }
      double amount = Double.parseDouble(matcher.group(1));
      double nanos =
          amount
              * switch (matcher.group(2)) {
                case "ns" -> 1;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> 86400e9;
              };
      total = total.plusNanos((long) nanos);
      at = matcher.end();
    }
    return total;
  }
}

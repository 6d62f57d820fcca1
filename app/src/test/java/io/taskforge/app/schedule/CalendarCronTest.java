package io.taskforge.app.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.schedule.v1.Range;
import io.temporal.api.schedule.v1.StructuredCalendarSpec;
import org.junit.jupiter.api.Test;

/** Calendars as Temporal's server stores them after parsing a cron expression. */
class CalendarCronTest {

  @Test
  void dailyCalendar_readsAsFiveFields() {
    StructuredCalendarSpec daily = everyDay(range(0, 0, 1), range(3, 3, 1)).build();

    assertThat(CalendarCron.render(daily)).isEqualTo("0 3 * * *");
  }

  @Test
  void stepsRangesAndLists_readAsWritten() {
    StructuredCalendarSpec spec =
        calendar()
            .addMinute(range(0, 59, 5))
            .addHour(range(1, 3, 1))
            .addDayOfMonth(range(1, 1, 1))
            .addDayOfMonth(range(15, 15, 1))
            .addMonth(range(1, 12, 1))
            .addDayOfWeek(range(1, 5, 2))
            .setComment("twice a month")
            .build();

    assertThat(CalendarCron.render(spec)).isEqualTo("*/5 1-3 1,15 * 1-5/2 # twice a month");
  }

  @Test
  void secondsOrYears_readAsSevenOrSixFields() {
    StructuredCalendarSpec seconds =
        everyDay(range(0, 59, 1), range(0, 23, 1))
            .clearSecond()
            .addSecond(range(30, 30, 1))
            .build();
    StructuredCalendarSpec year =
        calendar()
            .addMinute(range(0, 0, 1))
            .addHour(range(0, 0, 1))
            .addDayOfMonth(range(1, 1, 1))
            .addMonth(range(1, 1, 1))
            .addDayOfWeek(range(0, 6, 1))
            .addYear(range(2030, 2030, 1))
            .build();

    assertThat(CalendarCron.render(seconds)).isEqualTo("30 * * * * * *");
    assertThat(CalendarCron.render(year)).isEqualTo("0 0 1 1 * 2030");
  }

  @Test
  void zeroEndAndStep_meanASingleValue() {
    // The compact form Temporal leaves before cleaning: end 0, step 0.
    StructuredCalendarSpec compact =
        everyDay(Range.newBuilder().setStart(7).build(), Range.newBuilder().setStart(4).build())
            .build();

    assertThat(CalendarCron.render(compact)).isEqualTo("7 4 * * *");
  }

  private static StructuredCalendarSpec.Builder calendar() {
    return StructuredCalendarSpec.newBuilder().addSecond(range(0, 0, 1));
  }

  /** At these minutes and hours of every day, at second 0. */
  private static StructuredCalendarSpec.Builder everyDay(Range minute, Range hour) {
    return calendar()
        .addMinute(minute)
        .addHour(hour)
        .addDayOfMonth(range(1, 31, 1))
        .addMonth(range(1, 12, 1))
        .addDayOfWeek(range(0, 6, 1));
  }

  private static Range range(int start, int end, int step) {
    return Range.newBuilder().setStart(start).setEnd(end).setStep(step).build();
  }
}

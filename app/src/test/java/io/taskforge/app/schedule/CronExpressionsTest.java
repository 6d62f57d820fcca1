package io.taskforge.app.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronExpressionsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 3 * * *",
        "*/15 * * * *",
        "0 9-17/2 * * MON-FRI",
        "0 0 1,15 jan,jul *",
        "30 6 * * sun",
        "0 12 * * 7",
        "0 0 1 1 * 2030",
        "15 0 3 * * * 2027-2030",
        "  0 3 * * *  ",
        "@daily",
        "@hourly",
        "@every 15m",
        "@every 1h30m/5m",
        "@every 2d",
        "TZ=Europe/Berlin 0 3 * * *",
        "CRON_TZ=America/New_York 0 3 * * *",
        "0 3 * * * # nightly report"
      })
  void temporalCronSyntax_isValid(String cron) {
    assertThat(CronExpressions.check(cron).errors()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 3 * *|must have 5 fields",
        "0 3 * * * * * *|it has 8",
        "60 3 * * *|minute '60' must hold *, numbers from 0 to 59",
        "0 24 * * *|hour '24'",
        "0 0 0 * *|day-of-month '0'",
        "0 0 * 13 *|month '13' must hold *, numbers from 1 to 12 or a month name",
        "0 0 * * 8|day-of-week '8'",
        "0 0 * * mon-sun|ends before it starts",
        "0 0 * * xx|day-of-week 'xx'",
        "0 0 1 1 * 1999|year '1999'",
        "*/0 * * * *|step that is not a positive number",
        "5/ * * * *|step that is not a positive number",
        "1/2/3 * * * *|more than one /",
        "1-2-3 * * * *|more than one -",
        "? * * * *|minute '?'",
        "0 3 L * *|day-of-month 'L'",
        "@often|is not one of @yearly",
        "@every|must be @every <duration>",
        "@every soon|must be @every <duration>",
        "@every 500ms|shorter than 1s",
        "@every 1h/2h|offset that is not shorter",
        "TZ=Mars/Olympus 0 3 * * *|unknown time zone 'Mars/Olympus'",
        "TZ=Europe/Berlin|time zone but no fields"
      })
  void malformedCron_isRefusedSayingWhy(String cron, String problem) {
    CronExpressions.Checked checked = CronExpressions.check(cron);

    assertThat(checked.valid()).isFalse();
    assertThat(String.join("; ", checked.errors())).contains(problem);
  }

  @Test
  void blankCron_isRefused() {
    assertThat(CronExpressions.check(" ").errors()).isNotEmpty();
    assertThat(CronExpressions.check(null).errors()).isNotEmpty();
  }

  @Test
  void timeZonePrefix_isReported() {
    assertThat(CronExpressions.check("TZ=Asia/Tokyo 0 9 * * *").timeZone()).isEqualTo("Asia/Tokyo");
    assertThat(CronExpressions.check("0 9 * * *").timeZone()).isNull();
  }

  @Test
  void goDurations_parseAsTheServerDoes() {
    assertThat(CronExpressions.goDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(CronExpressions.goDuration("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(CronExpressions.goDuration("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(CronExpressions.goDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(CronExpressions.goDuration("15")).isNull();
    assertThat(CronExpressions.goDuration("15m ")).isNull();
    assertThat(CronExpressions.goDuration("PT15M")).isNull();
  }
}

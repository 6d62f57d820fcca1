package io.taskforge.app.schedule;

import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.RequestChecks;
import io.taskforge.workflows.tasktype.Durations;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a schedule's spec (cron expressions, interval, time zone, start and end, jitter) and
 * policy (overlap, catch-up window, pause on failure), naming each offending field.
 */
final class ScheduleSpecs {
  static final int MAX_CRON = 20;
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  static final Duration MIN_CATCHUP_WINDOW = Duration.ofSeconds(10);
  static final Duration MAX_DURATION = Duration.ofDays(3650);

  private ScheduleSpecs() {}

  static ScheduleSpec spec(CreateScheduleRequest.Spec spec, List<FieldProblem> errors) {
    if (spec == null) {
      errors.add(new FieldProblem("spec", "is required: cron or interval"));
      return null;
    }
    List<String> cron = spec.cron() == null ? List.of() : spec.cron();
    if ((cron.isEmpty()) && spec.interval() == null) {
      errors.add(new FieldProblem("spec", "needs cron (one or more expressions) or interval"));
    }
    if (cron.size() > MAX_CRON) {
      errors.add(new FieldProblem("spec.cron", "may hold at most " + MAX_CRON + " expressions"));
      return null;
    }
    String timeZone = spec.timeZone() == null || spec.timeZone().isBlank() ? null : spec.timeZone();
    if (timeZone != null && !CronExpressions.isTimeZone(timeZone)) {
      errors.add(
          new FieldProblem(
              "spec.timeZone", "must be an IANA time zone such as UTC or Europe/Berlin"));
    }
    checkCron(cron, timeZone, errors);
    ScheduleSpec.Builder built =
        ScheduleSpec.newBuilder().setCronExpressions(List.copyOf(cron)).setTimeZoneName(timeZone);
    if (spec.interval() != null) {
      interval(spec.interval(), errors).ifPresent(i -> built.setIntervals(List.of(i)));
    }
    Instant startAt = RequestChecks.instant("spec.startAt", spec.startAt(), errors);
    Instant endAt = RequestChecks.instant("spec.endAt", spec.endAt(), errors);
    if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
      errors.add(new FieldProblem("spec.endAt", "must be after startAt"));
    }
    built.setStartAt(startAt).setEndAt(endAt);
    duration("spec.jitter", spec.jitter(), errors).ifPresent(built::setJitter);
    return built.build();
  }

  /**
   * Each expression valid, and their {@code TZ=} prefixes on all or none of them (as Temporal
   * wants), naming one zone, and {@code timeZone}'s if that is given.
   */
  static void checkCron(List<String> cron, String timeZone, List<FieldProblem> errors) {
    String zone = timeZone;
    String zoneField = "spec.timeZone";
    int prefixed = 0;
    for (int i = 0; i < cron.size(); i++) {
      String field = "spec.cron[" + i + "]";
      CronExpressions.Checked checked = CronExpressions.check(cron.get(i));
      checked.errors().forEach(error -> errors.add(new FieldProblem(field, error)));
      String own = checked.timeZone();
      if (own == null) {
        continue;
      }
      prefixed++;
      if (zone != null && !zone.equals(own)) {
        errors.add(
            new FieldProblem(
                field, "names time zone " + own + " but " + zoneField + " names " + zone));
      }
      zone = own;
      zoneField = field;
    }
    if (prefixed > 0 && prefixed < cron.size()) {
      errors.add(
          new FieldProblem(
              "spec.cron",
              "must carry a TZ= prefix in all expressions or in none; or use timeZone"));
    }
  }

  static Optional<ScheduleIntervalSpec> interval(
      CreateScheduleRequest.Interval interval, List<FieldProblem> errors) {
    if (interval.every() == null) {
      errors.add(new FieldProblem("spec.interval.every", "is required, such as 15m or PT1H"));
      return Optional.empty();
    }
    Optional<Duration> every = duration("spec.interval.every", interval.every(), errors);
    Optional<Duration> offset = duration("spec.interval.offset", interval.offset(), errors);
    if (every.isEmpty()) {
      return Optional.empty();
    }
    if (every.get().compareTo(MIN_INTERVAL) < 0) {
      errors.add(new FieldProblem("spec.interval.every", "must be at least 1s"));
      return Optional.empty();
    }
    if (offset.isPresent() && offset.get().compareTo(every.get()) >= 0) {
      errors.add(new FieldProblem("spec.interval.offset", "must be shorter than every"));
      return Optional.empty();
    }
    return Optional.of(new ScheduleIntervalSpec(every.get(), offset.orElse(Duration.ZERO)));
  }

  static ScheduleRequestMapper.PolicyChange policy(
      CreateScheduleRequest.Policy policy, List<FieldProblem> errors) {
    if (policy == null) {
      return new ScheduleRequestMapper.PolicyChange(null, null, null);
    }
    ScheduleOverlapPolicy overlap = null;
    if (policy.overlap() != null) {
      overlap = overlap(policy.overlap());
      if (overlap == null || overlap == ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED) {
        errors.add(overlapProblem("policy.overlap"));
        overlap = null;
      }
    }
    Duration catchupWindow =
        duration("policy.catchupWindow", policy.catchupWindow(), errors).orElse(null);
    if (catchupWindow != null && catchupWindow.compareTo(MIN_CATCHUP_WINDOW) < 0) {
      errors.add(new FieldProblem("policy.catchupWindow", "must be at least 10s"));
    }
    return new ScheduleRequestMapper.PolicyChange(overlap, catchupWindow, policy.pauseOnFailure());
  }

  /**
   * SKIP, BUFFER_ONE, ... (any case); absent is unspecified, which Temporal reads as the schedule's
   * own policy (and a schedule's own as SKIP); null when it names none of them.
   */
  static ScheduleOverlapPolicy overlap(String value) {
    if (value == null || value.isBlank()) {
      return ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED;
    }
    return Overlaps.parse(value.trim().toUpperCase(Locale.ROOT)).orElse(null);
  }

  static FieldProblem overlapProblem(String field) {
    return new FieldProblem(field, "must be one of " + String.join(", ", Overlaps.NAMES));
  }

  static Optional<Duration> duration(String field, String value, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Optional<Duration> parsed = Durations.parse(value);
    if (parsed.isEmpty()) {
      errors.add(new FieldProblem(field, "must be a duration such as PT30S, 30s, 15m, 2h or 1d"));
    } else if (parsed.get().compareTo(MAX_DURATION) > 0) {
      errors.add(new FieldProblem(field, "must be at most 3650 days"));
      return Optional.empty();
    }
    return parsed;
  }
}

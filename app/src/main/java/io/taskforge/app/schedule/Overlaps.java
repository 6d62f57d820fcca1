package io.taskforge.app.schedule;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import java.util.List;
import java.util.Optional;

/** Overlap policies by the short names the API uses: SKIP for SCHEDULE_OVERLAP_POLICY_SKIP. */
final class Overlaps {
  private static final String PREFIX = "SCHEDULE_OVERLAP_POLICY_";

  static final List<String> NAMES =
      List.of("SKIP", "BUFFER_ONE", "BUFFER_ALL", "CANCEL_OTHER", "TERMINATE_OTHER", "ALLOW_ALL");

  private Overlaps() {}

  static Optional<ScheduleOverlapPolicy> parse(String name) {
    return NAMES.contains(name)
        ? Optional.of(ScheduleOverlapPolicy.valueOf(PREFIX + name))
        : Optional.empty();
  }

  /** Temporal reports a schedule created without one as unspecified; it then skips. */
  static String name(ScheduleOverlapPolicy policy) {
    return switch (policy) {
      case SCHEDULE_OVERLAP_POLICY_UNSPECIFIED, UNRECOGNIZED -> "SKIP";
      default -> policy.name().substring(PREFIX.length());
    };
  }
}

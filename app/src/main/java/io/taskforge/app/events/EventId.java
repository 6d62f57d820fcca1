package io.taskforge.app.events;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of one event of a stream, the SSE {@code id} that a client sends back as {@code
 * Last-Event-ID}. Written as {@code [<run>:]<eventId>[.p<n>|.end]}:
 *
 * <ul>
 *   <li>{@code eventId} is the id of the Temporal history event the stream event comes from;
 *   <li>{@code run} counts continue-as-new hand-overs (agencies): absent for the first run, {@code
 *       1:} for the run after the first hand-over, and so on; history event ids restart in each
 *       run;
 *   <li>{@code .p<n>} is the n-th progress event read (from heartbeats, which history does not
 *       keep) after history event {@code eventId};
 *   <li>{@code .end} is the stream's last event, after the close event it comes from.
 * </ul>
 *
 * <p>Ids are ordered by (run, eventId, sub), where the history event itself comes first, its
 * progress events next and {@code end} last; a stream only ever sends ids greater than the last one
 * sent, so a client resuming from one misses nothing and sees nothing twice.
 */
record EventId(int run, long event, int sub) implements Comparable<EventId> {
  static final int END = Integer.MAX_VALUE;
  private static final Pattern FORMAT =
      Pattern.compile("(?:(\\d{1,6}):)?(\\d{1,18})(?:\\.(p\\d{1,9}|end))?");
  private static final Comparator<EventId> ORDER =
      Comparator.comparingInt(EventId::run)
          .thenComparingLong(EventId::event)
          .thenComparingInt(EventId::sub);

  /** Before every event of the stream. */
  static final EventId START = new EventId(0, 0, 0);

  static Optional<EventId> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    int run = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
    long event = Long.parseLong(m.group(2));
    String suffix = m.group(3);
    int sub =
        suffix == null ? 0 : suffix.equals("end") ? END : Integer.parseInt(suffix.substring(1));
    return Optional.of(new EventId(run, event, sub));
  }

  boolean isProgress() {
    return sub > 0 && sub < END;
  }

  @Override
  public int compareTo(EventId other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    String base = (run == 0 ? "" : run + ":") + event;
    if (sub == 0) {
      return base;
    }
    return base + (sub == END ? ".end" : ".p" + sub);
  }
}

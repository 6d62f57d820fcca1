package io.taskforge.app.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventIdTest {

  @Test
  void ids_roundTripThroughTheirText() {
    for (String text : List.of("12", "12.p3", "12.end", "1:7", "2:7.p1", "3:40.end")) {
      assertThat(EventId.parse(text)).map(EventId::toString).contains(text);
    }
  }

  @Test
  void ids_orderByRunThenHistoryEventThenProgressThenEnd() {
    List<EventId> ids =
        new ArrayList<>(
            List.of(
                EventId.parse("1:1").orElseThrow(),
                EventId.parse("12.end").orElseThrow(),
                EventId.parse("12.p10").orElseThrow(),
                EventId.parse("12.p2").orElseThrow(),
                EventId.parse("12").orElseThrow(),
                EventId.parse("9.p1").orElseThrow()));
    ids.sort(null);
    assertThat(ids)
        .map(EventId::toString)
        .containsExactly("9.p1", "12", "12.p2", "12.p10", "12.end", "1:1");
  }

  @Test
  void malformedIds_areRefused() {
    for (String text : List.of("", "abc", "12.x", "-1", "1:2:3", "12.p")) {
      assertThat(EventId.parse(text)).as(text).isEmpty();
    }
  }
}

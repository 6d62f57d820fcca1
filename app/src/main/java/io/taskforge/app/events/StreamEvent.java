package io.taskforge.app.events;

import java.util.Map;

/**
 * One lifecycle event of a stream.
 *
 * @param name the SSE {@code event:}: status, task, group, progress, output, context, failure, end
 * @param data the JSON object sent as {@code data:}
 */
record StreamEvent(EventId id, String name, Map<String, Object> data) {
  boolean isEnd() {
    return id.sub() == EventId.END;
  }
}

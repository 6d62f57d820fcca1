package io.taskforge.workflows.agency;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keys a client adds to a running agency's context (the {@code addContext} update). */
public record ContextAddition(Map<String, Object> values) {
  public ContextAddition {
    values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}

package io.taskforge.gpuworker.runner;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code PROGRESS <percent> <message>} line of a process runner's output. */
public record ProgressLine(double percent, String message) {
  private static final Pattern LINE =
      Pattern.compile("^PROGRESS\\s+(\\d{1,3}(?:\\.\\d+)?)(?:\\s+(.*))?$");

  public static Optional<ProgressLine> parse(String line) {
    Matcher matcher = LINE.matcher(line.strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    double percent = Math.min(100, Double.parseDouble(matcher.group(1)));
    String message = matcher.group(2) == null ? "" : matcher.group(2).strip();
    return Optional.of(new ProgressLine(percent, message));
  }
}

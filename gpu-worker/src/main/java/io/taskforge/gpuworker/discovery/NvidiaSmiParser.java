package io.taskforge.gpuworker.discovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the output of {@code nvidia-smi --query-gpu=index,name,memory.total,memory.used,
 * utilization.gpu --format=csv,noheader,nounits}: one line per GPU, such as {@code 0, NVIDIA H100
 * 80GB HBM3, 81559, 1, 0}. A line it cannot read is skipped and reported, never guessed at.
 */
public final class NvidiaSmiParser {
  /** The query, in the column order this parser expects. */
  public static final List<String> QUERY_ARGS =
      List.of(
          "--query-gpu=index,name,memory.total,memory.used,utilization.gpu",
          "--format=csv,noheader,nounits");

  private NvidiaSmiParser() {}

  /** The devices read and, for each line skipped, why. */
  public record Result(List<GpuDevice> devices, List<String> problems) {
    public Result {
      devices = List.copyOf(devices);
      problems = List.copyOf(problems);
    }
  }

  public static Result parse(String output) {
    List<GpuDevice> devices = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (output == null) {
      return new Result(devices, problems);
    }
    int lineNumber = 0;
    for (String line : output.split("\\R")) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      try {
        devices.add(parseLine(line));
      } catch (IllegalArgumentException e) {
        problems.add("line " + lineNumber + " (" + line.strip() + "): " + e.getMessage());
      }
    }
    return new Result(devices, problems);
  }

  private static GpuDevice parseLine(String line) {
    String[] fields = Arrays.stream(line.split(",")).map(String::strip).toArray(String[]::new);
    if (fields.length < 5) {
      throw new IllegalArgumentException("expected 5 fields, found " + fields.length);
    }
    // A name may itself contain commas: the first field is the index, the last three numbers.
    int last = fields.length - 1;
    String name = String.join(", ", Arrays.copyOfRange(fields, 1, last - 2)).strip();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("no GPU name");
    }
    Long index = number(fields[0], "index");
    if (index == null) {
      throw new IllegalArgumentException("no GPU index");
    }
    Long utilization = number(fields[last], "utilization.gpu");
    return new GpuDevice(
        Math.toIntExact(index),
        name,
        number(fields[last - 2], "memory.total"),
        number(fields[last - 1], "memory.used"),
        utilization == null ? null : Math.toIntExact(utilization));
  }

  /** A whole number, or null for nvidia-smi's "[N/A]" and "[Not Supported]". */
  private static Long number(String field, String column) {
    if (field.startsWith("[") && field.endsWith("]")) {
      return null;
    }
    try {
      long value = Long.parseLong(field);
      if (value < 0) {
        throw new IllegalArgumentException(column + " is negative: " + field);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " is not a number: " + field);
    }
  }
}

package io.taskforge.activities.expansion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.expansion.ItemFailure;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The item outputs of an expansion's batches. {@code part-<from>-<to>.jsonl} holds one {@code
 * {"index": i, "output": ...}} line per item of the range that succeeded, written once the batch is
 * done; from and to are zero-padded so that names sort in item order. While a batch runs, each
 * finished item is appended to {@code part-<from>-<to>.jsonl.partial} (failures too, as {@code
 * {"index": i, "failure": ...}}), so an attempt retried after a crash does not run them again.
 */
final class PartFiles {
  static final String CONTENT_TYPE = "application/x-ndjson";
  private static final Pattern PART = Pattern.compile("part-\\d{12}-\\d{12}\\.jsonl");
  private static final Pattern PART_OR_PARTIAL =
      Pattern.compile("part-\\d{12}-\\d{12}\\.jsonl(\\.partial)?");

  private final ArtifactStore store;
  private final ObjectMapper json;

  PartFiles(ArtifactStore store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  /** One line of a part or partial file: an item's output, or why it failed. */
  record Entry(long index, String line, ItemFailure failure) {
    boolean succeeded() {
      return failure == null;
    }
  }

  static String partName(long from, long to) {
    return String.format("part-%012d-%012d.jsonl", from, to);
  }

  static String partialName(long from, long to) {
    return partName(from, to) + ".partial";
  }

  /** The line of an item that succeeded; {@code outputJson} is already compact JSON. */
  static String outputLine(long index, String outputJson) {
    return "{\"index\":" + index + ",\"output\":" + outputJson + "}";
  }

  String failureLine(ItemFailure failure) throws JsonProcessingException {
    return "{\"index\":"
        + failure.index()
        + ",\"failure\":"
        + json.writeValueAsString(failure)
        + "}";
  }

  /** The names of the finished part files, in item order. */
  List<String> partNames(String expansionId) {
    return store.list(expansionId).stream().filter(name -> PART.matcher(name).matches()).toList();
  }

  /** Deletes every part and partial file, so that a fresh run never merges an earlier run's. */
  void deleteAll(String expansionId) throws IOException {
    for (String name : store.list(expansionId)) {
      if (PART_OR_PARTIAL.matcher(name).matches()) {
        store.delete(expansionId, name);
      }
    }
  }

  /**
   * Reads the entries of a part or partial file, if it exists. {@code tolerant} skips lines that do
   * not parse (a partial file's last line may be torn by a crash); otherwise they fail.
   */
  void read(String expansionId, String name, boolean tolerant, Consumer<Entry> entries)
      throws IOException {
    Optional<Path> file = store.find(expansionId, name);
    if (file.isEmpty()) {
      return;
    }
    try (BufferedReader reader = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        Entry entry;
        try {
          entry = parse(line);
        } catch (IOException | RuntimeException e) {
          if (tolerant) {
            continue;
          }
          throw new IOException("bad line in " + name + ": " + e.getMessage(), e);
        }
        entries.accept(entry);
      }
    }
  }

  /** Reads the outputs of a finished part file: index and output value. */
  void readOutputs(String expansionId, String name, OutputConsumer outputs) throws IOException {
    Path file =
        store
            .find(expansionId, name)
            .orElseThrow(() -> new IOException("part file " + name + " vanished"));
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        Map<?, ?> entry = json.readValue(line, Map.class);
        outputs.accept(((Number) entry.get("index")).longValue(), entry.get("output"));
      }
    }
  }

  /** Receives one item's output. */
  @FunctionalInterface
  interface OutputConsumer {
    void accept(long index, Object output);
  }

  /** Writes the finished part file atomically from the succeeded items' lines, in item order. */
  void writePart(String expansionId, long from, long to, Collection<String> lines)
      throws IOException {
    writeLines(expansionId, partName(from, to), lines);
  }

  /**
   * Starts the partial file of a range with the given lines (dropping whatever else it held) and
   * opens it for appending. Lines carried over are rewritten atomically, so a crash now cannot lose
   * them; with none, the file is simply truncated.
   */
  Partial openPartial(String expansionId, long from, long to, Collection<String> lines)
      throws IOException {
    String name = partialName(from, to);
    Path file;
    StandardOpenOption[] mode;
    if (lines.isEmpty()) {
      file = store.path(expansionId, name);
      Files.createDirectories(file.getParent());
      mode =
          new StandardOpenOption[] {
            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING
          };
    } else {
      writeLines(expansionId, name, lines);
      file = store.find(expansionId, name).orElseThrow();
      mode = new StandardOpenOption[] {StandardOpenOption.APPEND};
    }
    return new Partial(
        expansionId,
        name,
        new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(file, mode), StandardCharsets.UTF_8)));
  }

  /** The partial file of a running batch. */
  final class Partial implements AutoCloseable {
    private final String expansionId;
    private final String name;
    private final Writer writer;

    private Partial(String expansionId, String name, Writer writer) {
      this.expansionId = expansionId;
      this.name = name;
      this.writer = writer;
    }

    /** Appends one line and hands it to the operating system, so it outlives this process. */
    void append(String line) throws IOException {
      writer.write(line);
      writer.write('\n');
      writer.flush();
    }

    /** Closes and deletes the file, once the part file holds everything. */
    void discard() throws IOException {
      writer.close();
      store.delete(expansionId, name);
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }

  private Entry parse(String line) throws IOException {
    JsonNode node = json.readTree(line);
    JsonNode index = node.get("index");
    if (index == null || !index.canConvertToLong()) {
      throw new IOException("no index");
    }
    JsonNode failure = node.get("failure");
    if (failure != null) {
      return new Entry(index.asLong(), line, json.treeToValue(failure, ItemFailure.class));
    }
    if (!node.has("output")) {
      throw new IOException("neither output nor failure");
    }
    return new Entry(index.asLong(), line, null);
  }

  private void writeLines(String expansionId, String name, Collection<String> lines)
      throws IOException {
    store.write(
        expansionId,
        name,
        CONTENT_TYPE,
        out -> {
          Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
          for (String line : lines) {
            writer.write(line);
            writer.write('\n');
          }
          writer.flush();
        });
  }
}

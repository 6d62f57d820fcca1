package io.taskforge.activities.expansion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.task.ArtifactRef;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An expansion's items: {@code items.jsonl} holds one JSON value a line, and {@code items.index}
 * the byte offset of every {@link #STRIDE}th line, so a batch near the end of 100,000 items seeks
 * close to its first line instead of reading everything before it. The index starts with the items
 * file's sha256; an index that does not match is ignored and the file is read from the start.
 */
final class ItemsFile {
  static final String ITEMS = "items.jsonl";
  static final String INDEX = "items.index";
  static final String CONTENT_TYPE = "application/x-ndjson";
  static final int STRIDE = 1024;

  /** Items written between two heartbeats while preparing. */
  private static final int HEARTBEAT_EVERY = 4096;

  private final ArtifactStore store;
  private final ObjectMapper json;

  ItemsFile(ArtifactStore store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  /** A stored items file and how many items it holds. */
  record Stored(ArtifactRef ref, long count) {}

  /** Writes the items atomically, then their index. */
  Stored write(String expansionId, List<?> items, Heartbeater heartbeat) throws IOException {
    long[] offsets = new long[(items.size() + STRIDE - 1) / STRIDE];
    ArtifactRef ref =
        store.write(
            expansionId,
            ITEMS,
            CONTENT_TYPE,
            out -> {
              BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
              long position = 0;
              for (int i = 0; i < items.size(); i++) {
                if (i % STRIDE == 0) {
                  offsets[i / STRIDE] = position;
                }
                if (i % HEARTBEAT_EVERY == 0) {
                  heartbeat.beat(
                      ExpansionActivitiesImpl.progress(i, items.size(), "writing items"));
                }
                byte[] line = json.writeValueAsBytes(items.get(i));
                buffered.write(line);
                buffered.write('\n');
                position += line.length + 1;
              }
              buffered.flush();
            });
    writeIndex(expansionId, ref.sha256(), offsets);
    return new Stored(ref, items.size());
  }

  /** The items an earlier run stored, counted again (and their index rewritten), if any. */
  Optional<Stored> existing(String expansionId, Heartbeater heartbeat) throws IOException {
    Optional<Path> file = store.find(expansionId, ITEMS);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    MessageDigest sha256 = sha256();
    List<Long> offsets = new ArrayList<>();
    long lines = 0;
    long size = 0;
    boolean atLineStart = true;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file.get()), sha256)) {
      byte[] buffer = new byte[1 << 16];
      int read;
      while ((read = in.read(buffer)) > 0) {
        for (int b = 0; b < read; b++) {
          if (atLineStart) {
            if (lines % STRIDE == 0) {
              offsets.add(size + b);
            }
            atLineStart = false;
          }
          if (buffer[b] == '\n') {
            lines++;
            atLineStart = true;
          }
        }
        size += read;
        heartbeat.beat();
      }
    }
    if (!atLineStart) {
      lines++; // a last line without its newline
    }
    String digest = HexFormat.of().formatHex(sha256.digest());
    writeIndex(expansionId, digest, offsets.stream().mapToLong(Long::longValue).toArray());
    return Optional.of(
        new Stored(new ArtifactRef(expansionId, ITEMS, CONTENT_TYPE, size, digest), lines));
  }

  /**
   * Opens the items file at line {@code from}.
   *
   * @throws IOException when the file is missing
   */
  BufferedReader openAt(ArtifactRef items, long from) throws IOException {
    Path file =
        store
            .find(items.taskId(), items.name())
            .orElseThrow(() -> new IOException("items file " + items.name() + " is missing"));
    long[] offsets = readIndex(items);
    long offset = 0;
    long skip = from;
    if (offsets.length > 0) {
      int block = (int) Math.min(from / STRIDE, offsets.length - 1);
      offset = offsets[block];
      skip = from - (long) block * STRIDE;
    }
    SeekableByteChannel channel = Files.newByteChannel(file);
    try {
      channel.position(offset);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8),
            1 << 16);
    for (long i = 0; i < skip; i++) {
      if (reader.readLine() == null) {
        break;
      }
    }
    return reader;
  }

  private void writeIndex(String expansionId, String itemsSha256, long[] offsets)
      throws IOException {
    StringBuilder text = new StringBuilder(itemsSha256).append('\n');
    for (long offset : offsets) {
      text.append(offset).append('\n');
    }
    store.write(expansionId, INDEX, "text/plain", text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The offsets of the index that belongs to this items file; empty when there is none. */
  private long[] readIndex(ArtifactRef items) throws IOException {
    Optional<Path> file = store.find(items.taskId(), INDEX);
    if (file.isEmpty()) {
      return new long[0];
    }
    List<String> lines = Files.readAllLines(file.get(), StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.getFirst().equals(items.sha256())) {
      return new long[0];
    }
    try {
      return lines.stream().skip(1).mapToLong(Long::parseLong).toArray();
    } catch (NumberFormatException e) {
      return new long[0];
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.taskforge.activities.artifact;

import io.taskforge.workflows.TenantIds;
import io.taskforge.workflows.task.ArtifactRef;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Files that tasks produce (reports, exports, large results), kept in a folder as {@code
 * <root>/<taskId>/<name>}. A task id is its workflow id: a task of a tenant other than {@code
 * default} ({@code acme/report-q3}, see {@link TenantIds}) keeps its files under {@code
 * <root>/_tenants/acme/report-q3/}, where no default-tenant id (which starts with a letter or
 * digit) can reach. Every process that runs or serves tasks must see the same folder (a shared
 * volume when they run on several hosts).
 */
public final class ArtifactStore {
  /** Task ids and artifact names: no separators, no leading dot, so no path can escape the root. */
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._:-]{0,199}");

  /** Where the folders of the tenants other than {@code default} are. */
  static final String TENANT_FOLDERS = "_tenants";

  private final Path root;

  public ArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** Writes content to a stream; the store counts, hashes and places it. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  public Path root() {
    return root;
  }

  /** Writes an artifact atomically: readers never see a half-written file. */
  public ArtifactRef write(String taskId, String name, String contentType, Writer writer)
      throws IOException {
    Path dir = checkedFolder(taskId);
    Files.createDirectories(dir);
    Path target = dir.resolve(checked(name));
    Path temp = Files.createTempFile(dir, ".partial-", ".tmp");
    MessageDigest sha256 = sha256();
    try (OutputStream file = Files.newOutputStream(temp);
        CountingOutputStream counting = new CountingOutputStream(file);
        DigestOutputStream digesting = new DigestOutputStream(counting, sha256)) {
      writer.write(digesting);
      digesting.flush();
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new ArtifactRef(
          taskId, name, contentType, counting.count(), HexFormat.of().formatHex(sha256.digest()));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  public ArtifactRef write(String taskId, String name, String contentType, byte[] content)
      throws IOException {
    return write(taskId, name, contentType, out -> out.write(content));
  }

  /** The file of an artifact, if it exists. */
  public Optional<Path> find(String taskId, String name) {
    Path dir = folder(taskId);
    if (dir == null || !isSafe(name)) {
      return Optional.empty();
    }
    Path file = dir.resolve(name);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /**
   * Where an artifact is or would be, for writers that append to a file in place (written with
   * {@link #write} otherwise); IllegalArgumentException for an unsafe id or name.
   */
  public Path path(String taskId, String name) {
    return checkedFolder(taskId).resolve(checked(name));
  }

  /** The names of a task's artifacts, sorted; empty when it has none. */
  public List<String> list(String taskId) {
    Path dir = checkedFolder(taskId);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(path -> path.getFileName().toString())
          .filter(ArtifactStore::isSafe) // leaves out half-written temp files
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes one artifact; returns whether it existed. */
  public boolean delete(String taskId, String name) throws IOException {
    return Files.deleteIfExists(checkedFolder(taskId).resolve(checked(name)));
  }

  /** Deletes every artifact of a task; returns how many files went. */
  public int deleteAll(String taskId) {
    Path dir = folder(taskId);
    if (dir == null || !Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      int[] count = {0};
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  if (Files.isRegularFile(path)) {
                    count[0]++;
                  }
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      return count[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static boolean isSafe(String name) {
    return name != null && SAFE_NAME.matcher(name).matches() && !name.contains("..");
  }

  /** The folder of a task's artifacts; null when its id is not a safe task id. */
  private Path folder(String taskId) {
    if (taskId == null) {
      return null;
    }
    int separator = taskId.indexOf(TenantIds.SEPARATOR);
    if (separator < 0) {
      return isSafe(taskId) ? root.resolve(taskId) : null;
    }
    String tenant = taskId.substring(0, separator);
    String id = taskId.substring(separator + 1);
    return isSafe(tenant) && isSafe(id)
        ? root.resolve(TENANT_FOLDERS).resolve(tenant).resolve(id)
        : null;
  }

  private Path checkedFolder(String taskId) {
    Path dir = folder(taskId);
    if (dir == null) {
      throw new IllegalArgumentException("not a safe task id: " + taskId);
    }
    return dir;
  }

  private static String checked(String name) {
    if (!isSafe(name)) {
      throw new IllegalArgumentException("not a safe artifact or task name: " + name);
    }
    return name;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    private long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    long count() {
      return count;
    }
  }
}

package io.taskforge.activities.document;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * Splits normalised text into chunks of at most {@code chunkSize} characters that keep whole
 * sentences or paragraphs together where they fit. Offsets are {@code char} indices into the
 * normalised text, so {@code text.substring(start, end)} is always the chunk's text.
 */
public final class TextChunker {
  private static final Pattern LINE_BREAKS = Pattern.compile("\r\n?|\u2028|\u0085");
  private static final Pattern HORIZONTAL_SPACE = Pattern.compile("\\h+");
  private static final Pattern TRAILING_SPACE = Pattern.compile("(?m) +$");
  private static final Pattern BLANK_LINES = Pattern.compile("\n{3,}");
  private static final String SENTENCE_ENDS = ".!?\u2026";
  private static final String WIDE_SENTENCE_ENDS = "\u3002\uff01\uff1f";
  private static final String CLOSERS = "\"')]}\u201d\u2019\u00bb";

  /** Which units a chunk keeps whole. */
  public enum Boundary {
    /** Whole sentences, never across a paragraph break. */
    SENTENCE,
    /** Whole paragraphs (separated by a blank line). */
    PARAGRAPH,
    /** Fixed-size windows of characters. */
    NONE;

    public static Boundary of(String name) {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** One chunk: its position in the sequence and its span of the normalised text. */
  public record Chunk(int index, String text, int start, int end) {
    public Chunk {
      Objects.requireNonNull(text, "text");
    }
  }

  /** Counts over the normalised text and its chunks. */
  public record Statistics(
      int characters,
      int words,
      int sentences,
      int paragraphs,
      int chunks,
      double averageChunkLength) {}

  private final int chunkSize;
  private final int overlap;
  private final Boundary boundary;

  public TextChunker(int chunkSize, int overlap, Boundary boundary) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be at least 1");
    }
    if (overlap < 0 || overlap >= chunkSize) {
      throw new IllegalArgumentException("overlap must be at least 0 and less than chunkSize");
    }
    this.chunkSize = chunkSize;
    this.overlap = overlap;
    this.boundary = Objects.requireNonNull(boundary, "boundary");
  }

  /**
   * Unicode NFC, {@code \n} line endings, runs of spaces and tabs as one space, no trailing space
   * on a line, at most one blank line in a row, no blank lines or spaces at either end.
   */
  public static String normalize(String raw) {
    String text = Normalizer.normalize(raw, Normalizer.Form.NFC);
    text = LINE_BREAKS.matcher(text).replaceAll("\n").replace("\u2029", "\n\n");
    text = HORIZONTAL_SPACE.matcher(text).replaceAll(" ");
    text = TRAILING_SPACE.matcher(text).replaceAll("");
    text = BLANK_LINES.matcher(text).replaceAll("\n\n");
    return text.strip();
  }

  public List<Chunk> chunk(String text) {
    return chunk(text, end -> {});
  }

  /**
   * Chunks normalised text; {@code onChunk} hears the end offset of each chunk as it is made, so
   * that a caller can report progress or stop.
   */
  public List<Chunk> chunk(String text, IntConsumer onChunk) {
    int[] unitEnds =
        switch (boundary) {
          case SENTENCE -> ends(sentences(text));
          case PARAGRAPH -> ends(paragraphs(text));
          case NONE -> new int[] {text.length()};
        };
    boolean exact = boundary == Boundary.NONE;
    List<Chunk> chunks = new ArrayList<>();
    int next = exact ? 0 : skipSpace(text, 0);
    int previousStart = -1;
    int previousEnd = -1;
    while (next < text.length()) {
      int start = previousEnd < 0 ? next : overlapStart(text, previousStart, previousEnd, next);
      if (start + chunkSize <= next) {
        start = next; // the overlap would leave no room for new text
      }
      int unitEnd = firstEndAfter(unitEnds, next);
      // Inside a unit already cut, keep cutting windows so that every piece keeps its overlap.
      boolean splitting = previousEnd >= 0 && Arrays.binarySearch(unitEnds, previousEnd) < 0;
      int end;
      if (unitEnd - start <= chunkSize) {
        end = lastEndAtMost(unitEnds, start + chunkSize);
      } else if (splitting || unitEnd - next > chunkSize) {
        end = hardCut(text, next, start + chunkSize, exact);
      } else {
        // The overlap and the next unit do not fit together: keep less overlap.
        start = Math.min(next, wordStartFrom(text, unitEnd - chunkSize, next));
        end = lastEndAtMost(unitEnds, start + chunkSize);
      }
      chunks.add(new Chunk(chunks.size(), text.substring(start, end), start, end));
      onChunk.accept(end);
      previousStart = start;
      previousEnd = end;
      next = exact ? end : skipSpace(text, end);
    }
    return List.copyOf(chunks);
  }

  public static Statistics statistics(String text, List<Chunk> chunks) {
    int words = 0;
    for (int i = 0; i < text.length(); i++) {
      if (!isSpace(text.charAt(i)) && (i == 0 || isSpace(text.charAt(i - 1)))) {
        words++;
      }
    }
    long totalLength = chunks.stream().mapToLong(c -> c.end() - c.start()).sum();
    double average = chunks.isEmpty() ? 0 : Math.round(totalLength * 100.0 / chunks.size()) / 100.0;
    return new Statistics(
        text.length(),
        words,
        sentences(text).size(),
        paragraphs(text).size(),
        chunks.size(),
        average);
  }

  /** Paragraph spans, [start, end) pairs without surrounding whitespace. */
  static List<int[]> paragraphs(String text) {
    List<int[]> spans = new ArrayList<>();
    int start = skipSpace(text, 0);
    while (start < text.length()) {
      int separator = text.indexOf("\n\n", start);
      int end = separator < 0 ? text.length() : separator;
      spans.add(new int[] {start, trimEnd(text, start, end)});
      start = separator < 0 ? text.length() : skipSpace(text, separator);
    }
    return spans;
  }

  /** Sentence spans inside each paragraph; a sentence ends at . ! ? or … before a space. */
  static List<int[]> sentences(String text) {
    List<int[]> spans = new ArrayList<>();
    for (int[] paragraph : paragraphs(text)) {
      int start = paragraph[0];
      int i = start;
      while (i < paragraph[1]) {
        char c = text.charAt(i);
        boolean wide = WIDE_SENTENCE_ENDS.indexOf(c) >= 0;
        if (wide || SENTENCE_ENDS.indexOf(c) >= 0) {
          int end = i + 1;
          while (end < paragraph[1]
              && (SENTENCE_ENDS.indexOf(text.charAt(end)) >= 0
                  || WIDE_SENTENCE_ENDS.indexOf(text.charAt(end)) >= 0
                  || CLOSERS.indexOf(text.charAt(end)) >= 0)) {
            end++;
          }
          if (end == paragraph[1] || wide || isSpace(text.charAt(end))) {
            spans.add(new int[] {start, end});
            start = skipSpace(text, end);
            i = start;
            continue;
          }
          i = end;
          continue;
        }
        i++;
      }
      if (start < paragraph[1]) {
        spans.add(new int[] {start, paragraph[1]});
      }
    }
    return spans;
  }

  /** Where the next chunk starts to repeat the end of the previous one; {@code next} for none. */
  private int overlapStart(String text, int previousStart, int previousEnd, int next) {
    if (overlap == 0) {
      return next;
    }
    int from = Math.max(previousEnd - overlap, previousStart + 1);
    if (from >= previousEnd) {
      return next;
    }
    if (boundary == Boundary.NONE) {
      return from;
    }
    int start = wordStartFrom(text, from, previousEnd);
    return start >= previousEnd ? next : start;
  }

  /**
   * The first word start at or after {@code from}; {@code from} itself (past any space) when no
   * word starts before {@code limit}, as inside one long word.
   */
  private static int wordStartFrom(String text, int from, int limit) {
    int position = from;
    if (position > 0 && !isSpace(text.charAt(position - 1))) {
      int space = position;
      while (space < limit && !isSpace(text.charAt(space))) {
        space++;
      }
      if (space < limit) {
        position = space;
      }
    }
    position = skipSpace(text, position);
    if (position < text.length() && Character.isLowSurrogate(text.charAt(position))) {
      position++;
    }
    return position;
  }

  /** Where to cut a unit too long for one chunk: at a space in the window's later half if any. */
  private static int hardCut(String text, int from, int limit, boolean exact) {
    int cut = limit;
    if (!exact) {
      for (int i = limit; i > from + (limit - from) / 2; i--) {
        if (isSpace(text.charAt(i)) && !isSpace(text.charAt(i - 1))) {
          cut = i;
          break;
        }
      }
    }
    if (Character.isLowSurrogate(text.charAt(cut)) && cut - 1 > from) {
      cut--; // never split a surrogate pair
    }
    while (!exact && cut - 1 > from && isSpace(text.charAt(cut - 1))) {
      cut--;
    }
    return cut;
  }

  private static int[] ends(List<int[]> spans) {
    return spans.stream().mapToInt(span -> span[1]).toArray();
  }

  private static int firstEndAfter(int[] ends, int position) {
    int index = Arrays.binarySearch(ends, position + 1);
    return ends[index >= 0 ? index : -index - 1];
  }

  private static int lastEndAtMost(int[] ends, int position) {
    int index = Arrays.binarySearch(ends, position);
    return ends[index >= 0 ? index : -index - 2];
  }

  private static int skipSpace(String text, int position) {
    while (position < text.length() && isSpace(text.charAt(position))) {
      position++;
    }
    return position;
  }

  private static int trimEnd(String text, int start, int end) {
    while (end > start && isSpace(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || c == '\u00a0';
  }
}

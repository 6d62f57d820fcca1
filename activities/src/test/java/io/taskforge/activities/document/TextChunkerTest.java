package io.taskforge.activities.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskforge.activities.document.TextChunker.Boundary;
import io.taskforge.activities.document.TextChunker.Chunk;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextChunkerTest {

  @Test
  void messyText_isNormalised() {
    String raw = "  Cafe\u0301 au\t\tlait.   \r\n\r\n\r\n\r\nSecond\u00a0 line  \rthird\n\n\n";

    assertThat(TextChunker.normalize(raw)).isEqualTo("Café au lait.\n\nSecond line\nthird");
  }

  @Test
  void sentenceBoundary_packsWholeSentences() {
    String text = "One two three. Four five six. Seven eight nine.";

    List<Chunk> chunks = new TextChunker(30, 0, Boundary.SENTENCE).chunk(text);

    assertThat(chunks)
        .extracting(Chunk::text)
        .containsExactly("One two three. Four five six.", "Seven eight nine.");
  }

  @Test
  void sentenceBoundary_doesNotSplitDecimalsOrKeepClosingQuotesApart() {
    String text = "Pi is 3.14 here. \"Really?\" she asked. Yes!";

    assertThat(TextChunker.sentences(text))
        .extracting(span -> text.substring(span[0], span[1]))
        .containsExactly("Pi is 3.14 here.", "\"Really?\"", "she asked.", "Yes!");
  }

  @Test
  void paragraphBoundary_keepsParagraphsWhole() {
    String text = "First one. Still first.\n\nSecond para here.\n\nThird.";

    List<Chunk> chunks = new TextChunker(45, 0, Boundary.PARAGRAPH).chunk(text);

    assertThat(chunks)
        .extracting(Chunk::text)
        .containsExactly("First one. Still first.\n\nSecond para here.", "Third.");
  }

  @Test
  void overlap_repeatsEndOfPreviousChunkFromAWordStart() {
    String text =
        "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu. Nu xi omicron pi."
            + " Rho sigma tau upsilon. Phi chi psi omega.";

    List<Chunk> chunks = new TextChunker(60, 20, Boundary.SENTENCE).chunk(text);

    assertThat(chunks).hasSizeGreaterThan(2);
    for (int i = 1; i < chunks.size(); i++) {
      Chunk previous = chunks.get(i - 1);
      Chunk current = chunks.get(i);
      assertThat(current.start()).isLessThan(previous.end()).isGreaterThan(previous.start());
      String shared = text.substring(current.start(), previous.end());
      assertThat(shared.length()).isLessThanOrEqualTo(20);
      assertThat(previous.text()).endsWith(shared);
      assertThat(current.text()).startsWith(shared);
      assertThat(text.charAt(current.start() - 1)).isEqualTo(' ');
    }
  }

  @Test
  void sentenceLongerThanChunk_isHardSplitAtSpaces() {
    String text = "word ".repeat(60).strip(); // 299 characters, no sentence end

    List<Chunk> chunks = new TextChunker(100, 0, Boundary.SENTENCE).chunk(text);

    assertThat(chunks).hasSize(3);
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.text()).hasSizeLessThanOrEqualTo(100));
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.text()).matches("word( word)*"));
    assertThat(String.join(" ", chunks.stream().map(Chunk::text).toList())).isEqualTo(text);
  }

  @Test
  void noBoundary_makesFixedWindowsStepBySizeMinusOverlap() {
    String text = "abcdefghij".repeat(10);

    List<Chunk> chunks = new TextChunker(30, 10, Boundary.NONE).chunk(text);

    assertThat(chunks).extracting(Chunk::start).containsExactly(0, 20, 40, 60, 80);
    assertThat(chunks).extracting(Chunk::end).containsExactly(30, 50, 70, 90, 100);
  }

  @Test
  void unbreakableWord_isCutAtChunkSize() {
    String text = "x".repeat(250);

    List<Chunk> chunks = new TextChunker(100, 0, Boundary.SENTENCE).chunk(text);

    assertThat(chunks).extracting(Chunk::end).containsExactly(100, 200, 250);
  }

  @Test
  void chunks_haveIndexesAndOffsetsIntoTheText() {
    String text = TextChunker.normalize(sample(new Random(7), 3000));

    List<Chunk> chunks = new TextChunker(200, 40, Boundary.SENTENCE).chunk(text);

    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      assertThat(chunk.index()).isEqualTo(i);
      assertThat(chunk.text()).isEqualTo(text.substring(chunk.start(), chunk.end()));
    }
  }

  @Test
  void anySettings_chunksFitAndCoverEveryWordInOrder() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      String text = TextChunker.normalize(sample(random, 50 + random.nextInt(3000)));
      int chunkSize = 20 + random.nextInt(300);
      int overlap = random.nextInt(chunkSize);
      Boundary boundary = Boundary.values()[random.nextInt(3)];

      List<Chunk> chunks = new TextChunker(chunkSize, overlap, boundary).chunk(text);

      int covered = 0;
      for (Chunk chunk : chunks) {
        assertThat(chunk.end() - chunk.start()).isBetween(1, chunkSize);
        assertThat(text.substring(Math.min(covered, chunk.start()), chunk.start())).isBlank();
        assertThat(covered - chunk.start()).isLessThanOrEqualTo(overlap);
        assertThat(chunk.end()).isGreaterThan(covered);
        if (boundary != Boundary.NONE) {
          assertThat(chunk.text()).isEqualTo(chunk.text().strip());
        }
        covered = chunk.end();
      }
      assertThat(text.substring(covered)).isBlank();
    }
  }

  @Test
  void statistics_countWordsSentencesParagraphsAndChunks() {
    String text = "One two. Three four five!\n\nSix seven?";
    List<Chunk> chunks = new TextChunker(25, 0, Boundary.SENTENCE).chunk(text);

    TextChunker.Statistics stats = TextChunker.statistics(text, chunks);

    assertThat(stats.characters()).isEqualTo(text.length());
    assertThat(stats.words()).isEqualTo(7);
    assertThat(stats.sentences()).isEqualTo(3);
    assertThat(stats.paragraphs()).isEqualTo(2);
    assertThat(stats.chunks()).isEqualTo(2);
    assertThat(stats.averageChunkLength()).isEqualTo((25 + 10) / 2.0);
  }

  @Test
  void emptyText_hasNoChunks() {
    assertThat(new TextChunker(100, 10, Boundary.SENTENCE).chunk("")).isEmpty();
    assertThat(TextChunker.statistics("", List.of()).words()).isZero();
  }

  @Test
  void overlapNotBelowChunkSize_isRejected() {
    assertThatThrownBy(() -> new TextChunker(100, 100, Boundary.SENTENCE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Words, sentence ends, paragraph breaks and the odd very long word, in random order. */
  private static String sample(Random random, int length) {
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      int pick = random.nextInt(100);
      if (pick < 2) {
        text.append("y".repeat(50 + random.nextInt(400))).append(' ');
      } else if (pick < 12) {
        text.append(". ");
      } else if (pick < 15) {
        text.append("\n\n");
      } else {
        text.append("w".repeat(1 + random.nextInt(9))).append(' ');
      }
    }
    return text.toString();
  }
}

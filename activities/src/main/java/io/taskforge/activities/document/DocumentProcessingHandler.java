package io.taskforge.activities.document;

import io.taskforge.activities.TaskContext;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.egress.EgressHttpClient;
import io.taskforge.activities.egress.EgressOptions;
import io.taskforge.activities.egress.EgressResponse;
import io.taskforge.activities.http.HttpCalls;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.ParamError;
import io.taskforge.workflows.tasktype.ParamRules;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The {@code document_processing} task type: normalises a text and cuts it into chunks. */
@Component
public class DocumentProcessingHandler implements TaskHandler {
  /** Documents fetched from a URL may be at most this large. */
  static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

  private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(2);

  /** The overlap when chunkSize is the default (1000) or at least 1000. */
  static final int DEFAULT_OVERLAP = 100;

  private static final TaskTypeDefinition DEFINITION =
      new TaskTypeDefinition(
          "document_processing",
          "Normalises a text, given inline or fetched from a URL, and splits it into overlapping"
              + " chunks with statistics.",
          TaskQueues.DEFAULT,
          List.of(
              ParamSpec.optional(
                  "text", ParamType.STRING, null, "The document's text; give this or url."),
              ParamSpec.optional(
                  "url",
                  ParamType.URL,
                  null,
                  "An http or https URL to fetch the text from (no redirects followed; the egress"
                      + " policy decides what it may reach); give this or text."),
              ParamSpec.optional(
                      "chunkSize", ParamType.INTEGER, 1000, "The most characters in one chunk.")
                  .between(50, 100_000),
              ParamSpec.optional(
                      "overlap",
                      ParamType.INTEGER,
                      DEFAULT_OVERLAP,
                      "The most characters a chunk repeats from the end of the previous one;"
                          + " less than chunkSize. Default: a tenth of chunkSize, at most 100.")
                  .between(0, 99_999),
              ParamSpec.optional(
                      "boundary",
                      ParamType.STRING,
                      "sentence",
                      "What a chunk keeps whole: sentences, paragraphs, or nothing (fixed"
                          + " windows).")
                  .oneOf("sentence", "paragraph", "none")),
          new RetrySpec(
              3,
              Duration.ofSeconds(2),
              2.0,
              Duration.ofMinutes(1),
              List.of(
                  FailureTypes.INVALID_PARAMS,
                  FailureTypes.REMOTE_REJECTED,
                  FailureTypes.EGRESS_DENIED)),
          new TimeoutSpec(
              Duration.ofMinutes(30), Duration.ofMinutes(10), null, Duration.ofSeconds(30)),
          new Rules());

  /**
   * Exactly one of text and url; an overlap below the chunk size. The overlap's default follows the
   * chunk size (a tenth of it, at most {@value #DEFAULT_OVERLAP}), so any valid chunkSize works
   * without an overlap: {@code {"chunkSize": 60}} chunks with an overlap of 6.
   */
  static final class Rules implements ParamRules {
    @Override
    public Map<String, Object> derivedDefaults(Map<String, Object> given) {
      if (given.get("overlap") != null) {
        return Map.of();
      }
      Map<String, Object> derived = new HashMap<>();
      Object chunkSize = given.get("chunkSize");
      if (chunkSize == null) {
        derived.put("overlap", DEFAULT_OVERLAP);
      } else if (chunkSize instanceof Number number) {
        derived.put("overlap", (int) Math.min(DEFAULT_OVERLAP, number.longValue() / 10));
      } else {
        derived.put("overlap", null); // a template: known when the task runs
      }
      return derived;
    }

    @Override
    public List<ParamError> check(Map<String, Object> params) {
      List<ParamError> errors = new ArrayList<>();
      boolean text = params.get("text") != null;
      boolean url = params.get("url") != null;
      if (text && url) {
        errors.add(new ParamError("params.url", "cannot be given with params.text: give one"));
      } else if (!text && !url) {
        errors.add(new ParamError("params.text", "is required unless params.url is given"));
      }
      if (params.get("chunkSize") instanceof Number chunkSize
          && params.get("overlap") instanceof Number overlap
          && overlap.longValue() >= chunkSize.longValue()) {
        errors.add(
            new ParamError(
                "params.overlap", "must be less than params.chunkSize (" + chunkSize + ")"));
      }
      return errors;
    }
  }

  private final EgressHttpClient egress;

  public DocumentProcessingHandler(EgressHttpClient egress) {
    this.egress = egress;
  }

  @Override
  public TaskTypeDefinition definition() {
    return DEFINITION;
  }

  @Override
  public TaskOutput handle(TaskActivityInput input, TaskContext context) throws Exception {
    // The same defaults and rules the API applied at submission; they matter here for values a
    // template gave (a group task's chunkSize from an earlier task's output).
    Map<String, Object> params = DEFINITION.withDefaults(input.params());
    List<ParamError> errors = DEFINITION.validate(params);
    if (!errors.isEmpty()) {
      throw invalid(errors.getFirst().field() + " " + errors.getFirst().message());
    }
    TextChunker chunker = chunker(params);
    Object text = params.get("text");
    Object url = params.get("url");
    String raw;
    if (text != null) {
      raw = text.toString();
    } else {
      URI uri = egress.policy().url(DEFINITION.name(), context.tenant(), url, "params.url");
      context.progress(0, "fetching " + uri);
      raw = fetch(uri, context);
    }
    context.checkCancelled();
    context.progress(10, "normalising " + raw.length() + " characters");
    String normalized = TextChunker.normalize(raw);

    context.progress(20, "chunking");
    int length = Math.max(1, normalized.length());
    double[] reported = {20};
    List<TextChunker.Chunk> chunks =
        chunker.chunk(
            normalized,
            end -> {
              context.checkCancelled();
              double percent = 20 + 70.0 * end / length;
              if (percent - reported[0] >= 5) {
                reported[0] = percent;
                context.progress(percent, "chunked " + end + " of " + length + " characters");
              }
            });
    TextChunker.Statistics stats = TextChunker.statistics(normalized, chunks);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("chunks", chunks.stream().map(DocumentProcessingHandler::toMap).toList());
    result.put("statistics", toMap(stats));
    context.progress(100, stats.chunks() + " chunks");
    return TaskOutput.of(result);
  }

  /** From parameters that passed the definition's checks. */
  private static TextChunker chunker(Map<String, Object> params) {
    int chunkSize = ((Number) params.get("chunkSize")).intValue();
    int overlap = ((Number) params.get("overlap")).intValue();
    return new TextChunker(
        chunkSize, overlap, TextChunker.Boundary.of(String.valueOf(params.get("boundary"))));
  }

  private String fetch(URI uri, TaskContext context) throws InterruptedException {
    String what = "GET " + uri;
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(FETCH_TIMEOUT)
            .header("Accept", "text/plain, text/*;q=0.9, */*;q=0.1")
            .GET()
            .build();
    try {
      EgressResponse response =
          egress.send(
              request, EgressOptions.of(DEFINITION.name(), context.tenant(), MAX_DOCUMENT_BYTES));
      if (response.statusCode() < 200 || response.statusCode() > 299) {
        throw HttpCalls.forStatus(what, response.statusCode(), response.headers(), "");
      }
      String mediaType = HttpCalls.mediaType(response.headers());
      if (!isText(mediaType)) {
        throw invalid("params.url serves " + mediaType + ", not text");
      }
      if (response.truncated()) {
        throw invalid("params.url serves more than " + MAX_DOCUMENT_BYTES + " bytes");
      }
      return new String(response.body(), HttpCalls.charsetOf(response.headers()));
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        context.checkCancelled();
        throw new InterruptedException("interrupted during " + what);
      }
      throw HttpCalls.forIoError(what, e);
    }
  }

  private static boolean isText(String mediaType) {
    return mediaType.isEmpty()
        || mediaType.startsWith("text/")
        || mediaType.equals("application/json")
        || mediaType.equals("application/xml")
        || mediaType.endsWith("+json")
        || mediaType.endsWith("+xml");
  }

  private static Map<String, Object> toMap(TextChunker.Chunk chunk) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("index", chunk.index());
    map.put("text", chunk.text());
    map.put("start", chunk.start());
    map.put("end", chunk.end());
    return map;
  }

  private static Map<String, Object> toMap(TextChunker.Statistics stats) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("characters", stats.characters());
    map.put("words", stats.words());
    map.put("sentences", stats.sentences());
    map.put("paragraphs", stats.paragraphs());
    map.put("chunks", stats.chunks());
    map.put("averageChunkLength", stats.averageChunkLength());
    return map;
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_PARAMS);
  }
}

package io.taskforge.workflows.gpu;

import io.taskforge.workflows.tasktype.ParamError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Media a GPU task hands to the inference server must travel inline, as a {@code data:} URL. The
 * server fetches any other URL itself, from inside the operator's network and outside the egress
 * policy, so a tenant's http(s) (or file:, gopher:, ...) URL would be a blind request forgery. The
 * API refuses such URLs at submission and the gpu-worker refuses them again before sending.
 */
public final class InlineMedia {
  static final String MUST_BE_DATA_URL =
      "must be a data: URL (the inference server would fetch any other URL from inside the"
          + " network)";

  private InlineMedia() {}

  /** Whether {@code url} is a {@code data:} URL (scheme compared case-insensitively). */
  public static boolean isDataUrl(String url) {
    return url != null && url.strip().toLowerCase(Locale.ROOT).startsWith("data:");
  }

  /**
   * The problems with one media URL parameter, such as image_to_text's {@code imageUrl}; a value
   * that starts with a template ({@code "{{tasks.a.output.image}}"}) is only known when the task
   * runs and is checked then.
   */
  public static List<ParamError> checkUrl(String field, Object value, boolean allowTemplate) {
    if (value instanceof String url
        && (isDataUrl(url) || allowTemplate && startsWithTemplate(url))) {
      return List.of();
    }
    if (value == null) {
      return List.of();
    }
    return List.of(new ParamError(field, MUST_BE_DATA_URL));
  }

  /**
   * The problems with the media URLs inside chat messages' content parts: every {@code url}, and
   * every {@code *_url} or {@code *Url} value (OpenAI's {@code image_url}, vLLM's {@code audio_url}
   * and {@code video_url}, as a string or as {@code {url}}), at any depth, must be a data: URL.
   *
   * @param field the messages' field, {@code params.messages}
   */
  public static List<ParamError> checkMessages(
      String field, List<?> messages, boolean allowTemplate) {
    List<ParamError> errors = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i) instanceof Map<?, ?> message) {
        walk(field + "[" + i + "]", message, allowTemplate, errors);
      }
    }
    return errors;
  }

  private static void walk(String path, Object value, boolean allowTemplate, List<ParamError> out) {
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        String at = path + "." + key;
        if (isUrlKey(key) && !(entry.getValue() instanceof Map<?, ?>)) {
          if (!(entry.getValue() instanceof String)) {
            out.add(new ParamError(at, MUST_BE_DATA_URL));
          } else {
            out.addAll(checkUrl(at, entry.getValue(), allowTemplate));
          }
        } else {
          walk(at, entry.getValue(), allowTemplate, out);
        }
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(path + "[" + i + "]", list.get(i), allowTemplate, out);
      }
    }
  }

  private static boolean isUrlKey(String key) {
    return key.toLowerCase(Locale.ROOT).endsWith("url");
  }

  private static boolean startsWithTemplate(String text) {
    return text.strip().startsWith("{{");
  }
}

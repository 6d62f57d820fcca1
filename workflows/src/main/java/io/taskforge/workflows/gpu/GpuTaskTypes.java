package io.taskforge.workflows.gpu;

import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.ParamError;
import io.taskforge.workflows.tasktype.ParamRules;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The inference task types. Their activities run only on gpu-worker processes (queue {@link
 * TaskQueues#GPU}); the app registers these definitions to validate requests, and each gpu-worker
 * maps every type to a runner by configuration.
 */
public final class GpuTaskTypes {
  /** Names the model a task wants; tasks naming one may be routed to a worker holding it warm. */
  public static final String MODEL = "model";

  /** Groups follow-up tasks for model affinity (tasks of a task group share their group id). */
  public static final String SESSION_ID = "sessionId";

  /** GPU work is retried after OOM or a dead server, never after invalid input. */
  static final RetrySpec RETRY =
      new RetrySpec(
          4,
          Duration.ofSeconds(2),
          2.0,
          Duration.ofMinutes(1),
          List.of(FailureTypes.INVALID_PARAMS, FailureTypes.REMOTE_REJECTED));

  static final TimeoutSpec TIMEOUTS =
      new TimeoutSpec(Duration.ofHours(1), Duration.ofMinutes(20), null, Duration.ofSeconds(30));

  public static final TaskTypeDefinition LLM_INFERENCE =
      type(
          "llm_inference",
          "Generates text with a large language model (chat completion); give a prompt or"
              + " messages.",
          new ChatRules(),
          ParamSpec.optional("prompt", ParamType.STRING, null, "The user prompt."),
          ParamSpec.optional(
              "messages",
              ParamType.ARRAY,
              null,
              "Chat messages [{role, content}]; used instead of prompt when given. Image or audio"
                  + " content parts must carry data: URLs."),
          ParamSpec.optional("system", ParamType.STRING, null, "A system prompt."),
          ParamSpec.optional("maxTokens", ParamType.INTEGER, 256, "Most tokens to generate.")
              .between(1, 131072),
          ParamSpec.optional("temperature", ParamType.NUMBER, 0.7, "Sampling temperature.")
              .between(0, 2));

  public static final TaskTypeDefinition IMAGE_GENERATION =
      type(
          "image_generation",
          "Generates images from a prompt (Stable Diffusion and the like); images become"
              + " artifacts.",
          ParamSpec.required("prompt", ParamType.STRING, "What to draw."),
          ParamSpec.optional("negativePrompt", ParamType.STRING, null, "What not to draw."),
          ParamSpec.optional("size", ParamType.STRING, "512x512", "Width x height in pixels.")
              .oneOf("256x256", "512x512", "768x768", "1024x1024"),
          ParamSpec.optional("steps", ParamType.INTEGER, 30, "Diffusion steps.").between(1, 200),
          ParamSpec.optional("n", ParamType.INTEGER, 1, "How many images.").between(1, 8),
          ParamSpec.optional("seed", ParamType.INTEGER, null, "Random seed, for repeatability."));

  public static final TaskTypeDefinition TEXT_TO_SPEECH =
      type(
          "text_to_speech",
          "Speaks a text; the audio becomes an artifact.",
          ParamSpec.required("input", ParamType.STRING, "The text to speak."),
          ParamSpec.optional("voice", ParamType.STRING, "alloy", "The voice."),
          ParamSpec.optional("format", ParamType.STRING, "wav", "Audio format.")
              .oneOf("wav", "mp3", "opus", "flac"),
          ParamSpec.optional("speed", ParamType.NUMBER, 1.0, "Speaking speed.").between(0.25, 4));

  public static final TaskTypeDefinition IMAGE_TO_TEXT =
      type(
          "image_to_text",
          "Describes an image (captioning, OCR, visual questions) with a vision-language model.",
          new ImageRules(),
          ParamSpec.required(
              "imageUrl",
              ParamType.STRING,
              "The image, inline as a data: URL (data:image/png;base64,...); http(s) and other"
                  + " URLs are refused."),
          ParamSpec.optional(
              "prompt", ParamType.STRING, "Describe this image.", "The question about the image."),
          ParamSpec.optional("maxTokens", ParamType.INTEGER, 256, "Most tokens to generate.")
              .between(1, 131072));

  public static final TaskTypeDefinition EMBEDDING =
      type(
          "embedding",
          "Computes embedding vectors for a text or a list of texts.",
          ParamSpec.required("input", ParamType.ANY, "A text, or a list of texts."));

  public static final List<TaskTypeDefinition> ALL =
      List.of(LLM_INFERENCE, IMAGE_GENERATION, TEXT_TO_SPEECH, IMAGE_TO_TEXT, EMBEDDING);

  private GpuTaskTypes() {}

  /** A prompt or messages, each message with a role and content, as the runners need. */
  static final class ChatRules implements ParamRules {
    @Override
    public List<ParamError> check(Map<String, Object> params) {
      List<ParamError> errors = new ArrayList<>();
      boolean hasMessages = params.get("messages") instanceof List<?> list && !list.isEmpty();
      if (!hasMessages && params.get("prompt") == null) {
        errors.add(new ParamError("params.prompt", "is required unless params.messages is given"));
      }
      if (params.get("messages") instanceof List<?> messages
          && !ParamRules.holdsTemplate(messages)) {
        for (int i = 0; i < messages.size(); i++) {
          if (!(messages.get(i) instanceof Map<?, ?> message)
              || !(message.get("role") instanceof String)
              || message.get("content") == null) {
            errors.add(
                new ParamError(
                    "params.messages[" + i + "]", "must be an object with a role and content"));
          }
        }
      }
      if (params.get("messages") instanceof List<?> messages) {
        errors.addAll(InlineMedia.checkMessages("params.messages", messages, true));
      }
      return errors;
    }
  }

  /** The image travels inline: the inference server must not fetch a tenant's URL itself. */
  static final class ImageRules implements ParamRules {
    @Override
    public List<ParamError> check(Map<String, Object> params) {
      return InlineMedia.checkUrl("params.imageUrl", params.get("imageUrl"), true);
    }
  }

  private static TaskTypeDefinition type(String name, String description, ParamSpec... params) {
    return type(name, description, ParamRules.NONE, params);
  }

  /** Every GPU type also takes a model and a session id (for model affinity). */
  private static TaskTypeDefinition type(
      String name, String description, ParamRules rules, ParamSpec... params) {
    List<ParamSpec> all =
        Stream.concat(
                Arrays.stream(params),
                Stream.of(
                    ParamSpec.optional(
                        MODEL,
                        ParamType.STRING,
                        null,
                        "The model; the worker's configured model when absent."),
                    ParamSpec.optional(
                        SESSION_ID,
                        ParamType.STRING,
                        null,
                        "Follow-up tasks of one session (or one task group) go to the worker"
                            + " that holds their model warm.")))
            .toList();
    return new TaskTypeDefinition(name, description, TaskQueues.GPU, all, RETRY, TIMEOUTS, rules);
  }
}

package io.taskforge.gpuworker.runner;

import io.taskforge.workflows.gpu.InlineMedia;
import io.taskforge.workflows.tasktype.ParamError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chat messages of an llm_inference or image_to_text task, in OpenAI's shape. Media goes only
 * inline: the inference server would fetch any other URL itself from inside the network, so an
 * image or audio URL that is not a data: URL is refused before anything is sent.
 */
final class ChatMessages {
  private ChatMessages() {}

  static List<Object> of(InferenceRequest request) {
    List<Object> messages = new ArrayList<>();
    String system = request.string("system");
    if (system != null) {
      messages.add(Map.of("role", "system", "content", system));
    }
    String image = request.string("imageUrl");
    String prompt = request.string("prompt");
    if (image != null) {
      refuse(InlineMedia.checkUrl("params.imageUrl", image, false));
      messages.add(
          Map.of(
              "role",
              "user",
              "content",
              List.of(
                  Map.of("type", "text", "text", prompt == null ? "Describe this image." : prompt),
                  Map.of("type", "image_url", "image_url", Map.of("url", image)))));
      return messages;
    }
    if (request.params().get("messages") instanceof List<?> given && !given.isEmpty()) {
      for (Object message : given) {
        if (!(message instanceof Map<?, ?> map)
            || !(map.get("role") instanceof String)
            || map.get("content") == null) {
          throw InferenceFailures.invalidParams(
              "params.messages: each message needs a role and content");
        }
        messages.add(message);
      }
      refuse(InlineMedia.checkMessages("params.messages", given, false));
      return messages;
    }
    if (prompt == null) {
      throw InferenceFailures.invalidParams("params.prompt or params.messages is required");
    }
    messages.add(Map.of("role", "user", "content", prompt));
    return messages;
  }

  private static void refuse(List<ParamError> errors) {
    if (!errors.isEmpty()) {
      throw InferenceFailures.invalidParams(
          String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList()));
    }
  }
}

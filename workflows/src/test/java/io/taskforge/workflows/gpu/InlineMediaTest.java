package io.taskforge.workflows.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.tasktype.ParamError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InlineMediaTest {
  @Test
  void imageToText_withADataUrl_isValid() {
    assertThat(
            GpuTaskTypes.IMAGE_TO_TEXT.validate(
                Map.of("imageUrl", "data:image/png;base64,iVBORw0K")))
        .isEmpty();
  }

  @Test
  void imageToText_withAnHttpOrOtherUrl_isRefusedNamingTheField() {
    for (String url :
        List.of(
            "https://example.com/cat.png",
            "http://169.254.169.254/latest/meta-data",
            "file:///etc/passwd",
            "gopher://temporal:7233/",
            "http://x/{{tasks.a.output.name}}")) {
      assertThat(GpuTaskTypes.IMAGE_TO_TEXT.validate(Map.of("imageUrl", url)))
          .as(url)
          .extracting(ParamError::field)
          .containsExactly("params.imageUrl");
    }
  }

  @Test
  void imageToText_withATemplate_isLeftForTheWorker() {
    assertThat(GpuTaskTypes.IMAGE_TO_TEXT.validate(Map.of("imageUrl", "{{tasks.a.output.image}}")))
        .isEmpty();
  }

  @Test
  void llmInference_withAMessageImageUrlNotData_isRefusedNamingThePart() {
    List<Object> content =
        List.of(
            Map.of("type", "text", "text", "see https://example.com"),
            Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64,AA")),
            Map.of("type", "image_url", "image_url", "https://example.com/cat.png"),
            Map.of("type", "audio_url", "audio_url", Map.of("url", "http://grafana:3000/")));

    List<ParamError> errors =
        GpuTaskTypes.LLM_INFERENCE.validate(
            Map.of("messages", List.of(Map.of("role", "user", "content", content))));

    assertThat(errors)
        .extracting(ParamError::field)
        .containsExactlyInAnyOrder(
            "params.messages[0].content[2].image_url",
            "params.messages[0].content[3].audio_url.url");
  }

  @Test
  void llmInference_withTextMessagesOrDataParts_isValid() {
    List<Object> content =
        List.of(
            Map.of("type", "text", "text", "What is it?"),
            Map.of("type", "image_url", "image_url", Map.of("url", "DATA:image/png;base64,AA")));

    assertThat(
            GpuTaskTypes.LLM_INFERENCE.validate(
                Map.of(
                    "messages",
                    List.of(
                        Map.of("role", "system", "content", "Be brief."),
                        Map.of("role", "user", "content", content)))))
        .isEmpty();
  }

  @Test
  void checkUrl_atTheWorker_refusesEvenATemplateLookingValue() {
    assertThat(InlineMedia.checkUrl("params.imageUrl", "{{x}}", false))
        .extracting(ParamError::field)
        .containsExactly("params.imageUrl");
  }
}

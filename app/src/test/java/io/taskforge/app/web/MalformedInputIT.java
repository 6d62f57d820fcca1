package io.taskforge.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.TaskApi;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * Bad input against the whole service and a real Temporal: refused at submission, naming the field,
 * with nothing started; what the defaults can make work runs to the end.
 */
@EndToEndTest
class MalformedInputIT {
  @Autowired WebTestClient web;

  @Test
  void documentWithASmallChunkSize_isAcceptedAndCompletes() {
    TaskApi api = new TaskApi(web);
    String id =
        api.submit(
            Map.of(
                "type",
                "document_processing",
                "params",
                Map.of("text", "This is one short sentence. ".repeat(20), "chunkSize", 60)));
    Map<String, Object> task = api.awaitStatus(id, "COMPLETED");
    assertThat(task.get("params").toString()).contains("overlap=6");
  }

  @Test
  void badSubmissions_are4xxNamingTheField_andStartNothing() {
    String marker = "malformed-" + System.nanoTime();
    refused(
        "{\"type\":\"sleep\",\"priorty\":\"HIGH\",\"name\":\"" + marker + "\"}", 400, "priorty");
    refused(
        "{\"type\":\"document_processing\",\"name\":\""
            + marker
            + "\",\"params\":{\"text\":\"t\",\"chunkSize\":60,\"overlap\":100}}",
        422,
        "params.overlap");
    refused(
        "{\"type\":\"document_processing\",\"name\":\"" + marker + "\",\"params\":{}}",
        422,
        "params.text");
    refused(
        "{\"type\":\"sleep\",\"name\":\"" + marker + "\",\"params\":{\"duration\":\"10000d\"}}",
        422,
        "params.duration");
    refused(
        "{\"type\":\"sleep\",\"name\":\"" + marker + "\",\"startAt\":\"9999-12-31T00:00:00Z\"}",
        422,
        "startAt");
    refused("{\"type\":\"sleep\",\"name\":\"bad \\ud800 " + marker + "\"}", 400, "name");
    refused(
        "{\"type\":\"sleep\",\"name\":\"" + marker + "\",\"retry\":{\"maxAttempts\":1e40}}",
        400,
        "retry.maxAttempts");
    web.post()
        .uri("/api/v1/tasks")
        .header("Idempotency-Key", "caf\u00e9")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"type\":\"sleep\",\"name\":\"" + marker + "\"}")
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("Idempotency-Key");

    List<Map<String, Object>> started = new TaskApi(web).list("type=sleep&pageSize=1000");
    assertThat(started).noneMatch(task -> String.valueOf(task.get("name")).contains(marker));
  }

  @Test
  void garbagePageToken_is422NamingIt() {
    web.get()
        .uri("/api/v1/tasks?pageToken=garbage")
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("pageToken");
    web.get()
        .uri("/api/v1/task-groups?pageToken=Z2FyYmFnZQ")
        .exchange()
        .expectStatus()
        .isEqualTo(422);
  }

  @Test
  void bodyLimit_isTheDocumentedOneMegabyte_andA413HasAType() {
    String text = "x".repeat(600 * 1024);
    web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"type\":\"data_export\",\"params\":{\"rows\":[{\"a\":\"" + text + "\"}]}}")
        .exchange()
        .expectStatus()
        .isAccepted();
    Flux<DataBuffer> chunked =
        Flux.range(0, 18)
            .map(i -> (i == 0 ? "{\"type\":\"sleep\",\"name\":\"" : "") + "y".repeat(64 * 1024))
            .concatWith(Flux.just("\"}"))
            .map(
                s ->
                    DefaultDataBufferFactory.sharedInstance.wrap(
                        s.getBytes(StandardCharsets.UTF_8)));
    web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .body(chunked, DataBuffer.class)
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(Problems.PAYLOAD_TOO_LARGE.toString());
  }

  private void refused(String body, int status, String field) {
    web.post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo(field)
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).doesNotContain("java.").doesNotContain("`"));
  }
}

package io.taskforge.workflows.tasktype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TimeoutSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskTypeDefinitionTest {

  private static TaskTypeDefinition httpRequest(ParamSpec... params) {
    return new TaskTypeDefinition(
        "http_request",
        "Calls a URL",
        TaskQueues.DEFAULT,
        List.of(params),
        RetrySpec.of(3, Duration.ofSeconds(1)),
        new TimeoutSpec(
            Duration.ofMinutes(10), Duration.ofMinutes(1), null, Duration.ofSeconds(30)));
  }

  private static final TaskTypeDefinition HTTP_REQUEST =
      httpRequest(
          ParamSpec.required("url", ParamType.STRING, "where to send the request"),
          ParamSpec.optional("method", ParamType.STRING, "GET", "HTTP method")
              .oneOf("GET", "POST", "PUT", "DELETE"),
          ParamSpec.optional("retries", ParamType.INTEGER, 0, "extra tries").between(0, 10),
          ParamSpec.optional("ratio", ParamType.NUMBER, null, "sampling ratio").between(0, 0.5),
          ParamSpec.optional("timeout", ParamType.DURATION, "30s", "per request"),
          ParamSpec.optional("headers", ParamType.OBJECT, null, "request headers"),
          ParamSpec.optional("follow", ParamType.BOOLEAN, true, "follow redirects"));

  @Test
  void validParams_haveNoErrors() {
    Map<String, Object> params =
        Map.of(
            "url",
            "https://example.org",
            "method",
            "POST",
            "retries",
            3,
            "ratio",
            0.25,
            "timeout",
            "PT5S",
            "headers",
            Map.of("Accept", "text/plain"),
            "follow",
            false);

    assertThat(HTTP_REQUEST.validate(params)).isEmpty();
  }

  @Test
  void unknownParam_isNamed() {
    assertThat(HTTP_REQUEST.validate(Map.of("url", "https://example.org", "verb", "GET")))
        .containsExactly(new ParamError("params.verb", "unknown parameter for type http_request"));
  }

  @Test
  void missingRequiredParam_isNamed() {
    assertThat(HTTP_REQUEST.validate(Map.of()))
        .containsExactly(new ParamError("params.url", "is required"));
  }

  @Test
  void nullRequiredParam_countsAsMissing() {
    Map<String, Object> params = new HashMap<>();
    params.put("url", null);

    assertThat(HTTP_REQUEST.validate(params))
        .containsExactly(new ParamError("params.url", "is required"));
  }

  @Test
  void wrongTypes_areNamedWithExpectedType() {
    Map<String, Object> params =
        Map.of(
            "url", 42,
            "retries", "three",
            "ratio", "half",
            "timeout", "soon",
            "headers", List.of("Accept"),
            "follow", "yes");

    assertThat(HTTP_REQUEST.validate(params))
        .containsExactlyInAnyOrder(
            new ParamError("params.url", "must be of type string"),
            new ParamError("params.retries", "must be of type integer"),
            new ParamError("params.ratio", "must be of type number"),
            new ParamError("params.timeout", "must be of type duration"),
            new ParamError("params.headers", "must be of type object"),
            new ParamError("params.follow", "must be of type boolean"));
  }

  @Test
  void fractionForInteger_isWrongType() {
    assertThat(HTTP_REQUEST.validate(Map.of("url", "u", "retries", 2.5)))
        .containsExactly(new ParamError("params.retries", "must be of type integer"));
  }

  @Test
  void wholeNumberForInteger_isAccepted() {
    // JSON parsers may hand 3 over as 3.0 or as a Long.
    assertThat(HTTP_REQUEST.validate(Map.of("url", "u", "retries", 3.0))).isEmpty();
    assertThat(HTTP_REQUEST.validate(Map.of("url", "u", "retries", 3L))).isEmpty();
  }

  @Test
  void integerForNumber_isAccepted() {
    assertThat(HTTP_REQUEST.validate(Map.of("url", "u", "ratio", 0))).isEmpty();
  }

  @Test
  void valueOutsideAllowedValues_listsThem() {
    assertThat(HTTP_REQUEST.validate(Map.of("url", "u", "method", "PATCH")))
        .containsExactly(
            new ParamError("params.method", "must be one of [GET, POST, PUT, DELETE]"));
  }

  @Test
  void valuesOutOfBounds_nameTheBound() {
    assertThat(HTTP_REQUEST.validate(Map.of("url", "u", "retries", -1, "ratio", 0.75)))
        .containsExactlyInAnyOrder(
            new ParamError("params.retries", "must be at least 0"),
            new ParamError("params.ratio", "must be at most 0.5"));
  }

  @Test
  void valuesOnBounds_areAccepted() {
    assertThat(HTTP_REQUEST.validate(Map.of("url", "u", "retries", 10, "ratio", 0.5))).isEmpty();
  }

  @Test
  void absentParams_getTheirDefaults() {
    Map<String, Object> withDefaults =
        HTTP_REQUEST.withDefaults(Map.of("url", "https://example.org", "method", "PUT"));

    assertThat(withDefaults)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "url", "https://example.org",
                "method", "PUT",
                "retries", 0,
                "timeout", "30s",
                "follow", true));
  }

  @Test
  void nullParam_getsItsDefault() {
    Map<String, Object> given = new HashMap<>();
    given.put("url", "u");
    given.put("method", null);

    assertThat(HTTP_REQUEST.withDefaults(given)).containsEntry("method", "GET");
  }

  @Test
  void invalidTypeName_isRejected() {
    assertThatThrownBy(
            () ->
                new TaskTypeDefinition(
                    "HttpRequest",
                    "Calls a URL",
                    TaskQueues.DEFAULT,
                    List.of(),
                    RetrySpec.of(3, Duration.ofSeconds(1)),
                    HTTP_REQUEST.defaultTimeouts()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HttpRequest");
  }

  @Test
  void urlParam_acceptsHttpAndHttpsUrlsWithAnAuthority_only() {
    TaskTypeDefinition fetch =
        httpRequest(ParamSpec.required("url", ParamType.URL, "where to send the request"));

    assertThat(fetch.validate(Map.of("url", "https://example.org/a?b=c"))).isEmpty();
    assertThat(fetch.validate(Map.of("url", "HTTP://example.org"))).isEmpty();
    // The host is the egress policy's to judge, by name: 127.1 has an authority.
    assertThat(fetch.validate(Map.of("url", "http://127.1:8080/"))).isEmpty();
    for (Object bad :
        List.of("file:///etc/passwd", "ftp://example.org/", "http:///x", "example.org", 42, "")) {
      assertThat(fetch.validate(Map.of("url", bad)))
          .as("%s", bad)
          .containsExactly(
              new ParamError("params.url", "must be an absolute http or https URL with a host"));
    }
    assertThat(ParamType.URL.jsonName()).isEqualTo("url");
  }
}
